using System.Net;
using System.Net.Sockets;
using DeskMirror.Commands;
using DeskMirror.Discovery;
using DeskMirror.Internal;
using DeskMirror.Orphans;
using DeskMirror.Proxy;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Tls;
using DeskMirror.Tls;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Desktop;

/// <summary>
/// The mirror's lifecycle: the proxy in front of the mirror listener, brought to what the settings ask
/// (<see cref="ReconcileAsync"/>) one change at a time. A proxy that cannot start is kept as the state
/// (red, with the reason), never thrown; every change is reported through the callback. While the proxy serves,
/// the mirror is advertised by mDNS when the settings ask for it; a host where that cannot work says why once.
/// </summary>
internal sealed partial class MirrorService : IAsyncDisposable
{
    /// <summary>How long open mirror connections may finish when the proxy stops; short, so a quit stays within 5 s.</summary>

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<MirrorSettings> _wanted;
    private readonly EndPoint _upstream;
    private readonly bool _sendProxyProtocol;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Action<MirrorSnapshot> _changed;
    private TcpMirrorProxy? _proxy;
    private MdnsAdvertiser? _advertiser;
    private bool _mdnsReasonReported;
    private volatile MirrorSnapshot _current;
    private bool _stopped;

    /// <param name="wanted">The settings in force, read at each reconcile.</param>
    /// <param name="upstream">The app server's mirror listener.</param>
    /// <param name="sendProxyProtocol">Whether that listener requires a PROXY v2 header naming each device.</param>
    /// <param name="certificates">The mirror port's TLS certificates; null when <c>mirrorTls</c> is off.</param>
    /// <param name="changed">Called after every reconcile, in order, with the new snapshot.</param>
    public MirrorService(
        Func<MirrorSettings> wanted, EndPoint upstream, bool sendProxyProtocol, MirrorCertificates? certificates, ILoggerFactory loggerFactory, Action<MirrorSnapshot> changed)
    {
        _wanted = wanted;
        _upstream = upstream;
        _sendProxyProtocol = sendProxyProtocol;
        Certificates = certificates;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("DeskMirror.Desktop");
        _changed = changed;
        var initial = wanted();
        _current = new MirrorSnapshot(MirrorState.Off, null, initial.Port, initial.BindAddress);
    }

    public MirrorSnapshot Current => _current;

    /// <summary>The running proxy's counters (connections, bytes, TLS handshakes); null while it does not run.</summary>
    public ProxyCounters? Counters => _proxy?.Counters;

    /// <summary>
    /// Where the mirror port's TLS takes its certificate, read at each handshake (it is re-issued when addresses change);
    /// null when <c>mirrorTls</c> is off.
    /// </summary>
    public MirrorCertificates? Certificates { get; }

    /// <summary>Whether the mirror port speaks TLS under <paramref name="wanted"/>.</summary>
    public bool ServesTls(MirrorSettings wanted) => Certificates is not null && wanted.Tls != MirrorTlsMode.Off;

    /// <summary>Starts, stops or moves the proxy so it matches the settings; a proxy already matching is left alone.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_stopped)
            {
                return;
            }

            var wanted = _wanted();
            var matches = _current.IsServing && _current.Port == wanted.Port && _current.BindAddress == wanted.BindAddress && _current.Https == ServesTls(wanted);
            if (!wanted.Enabled)
            {
                await StopProxyAsync(wanted);
            }
            else if (!matches)
            {
                await StopProxyAsync(wanted);
                await StartProxyAsync(wanted, cancellationToken);
            }

            _changed(_current);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the proxy for good (the listener closes at once); used on shutdown.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _stopped = true;
            await StopProxyAsync(_wanted());
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    private async Task StartProxyAsync(MirrorSettings wanted, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(wanted.BindAddress, out var bind))
        {
            Fail(wanted, $"bind address '{wanted.BindAddress}' is not an IP address");
            return;
        }

        var listen = new IPEndPoint(bind, wanted.Port);
        var proxy = new TcpMirrorProxy(
            new TcpMirrorProxyOptions
            {
                Listen = listen,
                Upstream = _upstream,
                StopGrace = ProxyLimitOptions.StopGrace,
                SendProxyProtocol = _sendProxyProtocol,
                // Read at every handshake, so a certificate re-issued for new addresses is served without a restart.
                // Plain HTTP is forwarded even when TLS is required: the app server redirects it, since the PROXY
                // header tells it which requests came over TLS.
                ServerCertificate = ServesTls(wanted) ? Certificates : null,
            },
            _loggerFactory.CreateLogger<TcpMirrorProxy>());
        try
        {
            await proxy.StartAsync(cancellationToken);
        }
        catch (ProxyAddressInUseException)
        {
            await proxy.DisposeAsync();
            Fail(wanted, await PortInUse.DescribeAsync(wanted.Port, "--port", cancellationToken));
            return;
        }
        catch (SocketException ex)
        {
            await proxy.DisposeAsync();
            Fail(wanted, $"cannot listen on {listen}: {ex.Message}");
            return;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }

        _proxy = proxy;
        _current = new MirrorSnapshot(MirrorState.Serving, null, wanted.Port, wanted.BindAddress, ServesTls(wanted));
        if (wanted.Mdns)
        {
            Advertise(wanted, bind);
        }
    }

    private void Advertise(MirrorSettings wanted, IPAddress bind)
    {
        var https = ServesTls(wanted);
        var started = MdnsAdvertiser.Start(
            new MdnsAdvertisement(HostNames.Label(), wanted.Port, bind, https, !https || wanted.Tls != MirrorTlsMode.Required, Certificates?.Authority?.Fingerprint),
            _logger);
        _advertiser = started.Advertiser;
        if (started.WhyNot is { } why && !_mdnsReasonReported)
        {
            _mdnsReasonReported = true;
            Log.MirrorNotAdvertised(_logger, why);
        }
    }

    private async Task StopProxyAsync(MirrorSettings wanted)
    {
        if (_advertiser is { } advertiser)
        {
            _advertiser = null;
            await advertiser.StopAsync();
        }

        if (_proxy is { } proxy)
        {
            _proxy = null;
            await proxy.StopAsync();
        }

        _current = new MirrorSnapshot(MirrorState.Off, null, wanted.Port, wanted.BindAddress);
    }

    private void Fail(MirrorSettings wanted, string error)
    {
        _current = new MirrorSnapshot(MirrorState.Error, error, wanted.Port, wanted.BindAddress);
        Log.MirrorFailed(_logger, error);
    }
}
