using System.Net;
using DeskMirror.Credentials;
using DeskMirror.Network;
using DeskMirror.Proxy;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Settings;

namespace DeskMirror.Desktop;

/// <summary>
/// The mirror control service: owns the proxy in front of the mirror listener, turns it on and off and
/// moves it at run time, keeps the runtime state file current and publishes the desktop-only
/// <c>mirror.status</c> event on every change. The UI reaches it as <see cref="IDesktopControl"/>.
/// </summary>
internal sealed partial class MirrorController : IDesktopControl, IAsyncDisposable
{
    /// <summary>How long open mirror connections may finish when the proxy stops; short, so a quit stays within 5 s.</summary>
    public static readonly TimeSpan ProxyStopGracePeriod = TimeSpan.FromSeconds(1);

    /// <summary>How long to retry the bind after an earlier instance was ended and its socket is being torn down.</summary>
    private static readonly TimeSpan RebindWindow = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DesktopContext _context;
    private readonly CancellationTokenSource _quit = new();
    private AppServer? _server;
    private TcpMirrorProxy? _proxy;
    private MirrorState _state = MirrorState.Off;
    private string? _error;
    private bool _enabled;
    private int _port;
    private string _bind;
    private ResolvedCredentials _credentials;
    private string? _language;
    private bool _stopped;

    public MirrorController(DesktopContext context)
    {
        _context = context;
        _enabled = context.Effective.MirrorEnabled ?? SettingsDefaults.MirrorEnabled;
        _port = context.Effective.Port ?? SettingsDefaults.Port;
        _bind = context.Effective.BindAddress ?? SettingsDefaults.BindAddress;
        _credentials = context.Credentials;
        _language = context.Effective.Language;
    }

    /// <summary>Cancelled when the UI asks to quit.</summary>
    public CancellationToken QuitRequested => _quit.Token;

    /// <summary>The credentials in force and their sources.</summary>
    public ResolvedCredentials Credentials => _credentials;

    /// <summary>Whether the settings ask for the mirror.</summary>
    public bool Enabled => _enabled;

    private AppServer Server => _server ?? throw new InvalidOperationException("the app server has not started yet");

    /// <summary>Called once the app server runs. The first runtime state is written by <see cref="StartIfEnabledAsync"/>, after the proxy listens, so its disk flush does not delay the mirror.</summary>
    public void Attach(AppServer server) => _server = server;

    /// <summary>Starts the mirror when the settings enable it. A failure is kept as the status (red), not thrown.</summary>
    public async Task StartIfEnabledAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_enabled)
            {
                await StartProxyAsync(cancellationToken);
            }
            else
            {
                WriteRuntimeState();
            }
        }
        finally
        {
            _gate.Release();
        }

        Changed();
    }

    public MirrorStatus GetMirrorStatus()
    {
        var desktopUrl = _server is null ? "" : $"http://127.0.0.1:{_server.DesktopEndpoint.Port}/";
        return new MirrorStatus(_state, _error, _port, _bind, desktopUrl, LanUrls(), _credentials.Username, _credentials.Password);
    }

    public async Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _context.Store.Update(s => s with { MirrorEnabled = enabled });
            _enabled = enabled;
            if (enabled && _state != MirrorState.Serving)
            {
                await StartProxyAsync(cancellationToken);
            }
            else if (!enabled)
            {
                await StopProxyAsync();
            }
        }
        finally
        {
            _gate.Release();
        }

        Changed();
    }

    public async Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _context.Store.Update(s => s with { Port = port });
            if (port == _port && _state == MirrorState.Serving)
            {
                return;
            }

            _port = port;
            if (_enabled)
            {
                await StopProxyAsync();
                await StartProxyAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }

        Changed();
    }

    public DesktopSettingsView GetSettings()
        => new(_enabled, _port, _bind, _credentials.Username, _credentials.Password, _language);

    public async Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var candidate = new DeskMirrorSettings
        {
            MirrorEnabled = settings.MirrorEnabled,
            Port = settings.Port,
            BindAddress = settings.BindAddress,
            Username = settings.Username,
            Password = settings.Password,
            Language = string.IsNullOrWhiteSpace(settings.Language) ? null : settings.Language,
        };
        if (SettingsStore.Validate(candidate) is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Credentials that came from the environment stay there unless the user changed them here.
            var credentialsChanged = settings.Username != _credentials.Username || settings.Password != _credentials.Password;
            _context.Store.Update(s => s with
            {
                MirrorEnabled = candidate.MirrorEnabled,
                Port = candidate.Port,
                BindAddress = candidate.BindAddress,
                Username = credentialsChanged ? candidate.Username : s.Username,
                Password = credentialsChanged ? candidate.Password : s.Password,
                Language = candidate.Language,
            });
            _language = candidate.Language;
            if (credentialsChanged)
            {
                var fromSettings = new CredentialSource(CredentialSourceKind.SettingsFile);
                _credentials = new ResolvedCredentials(settings.Username, fromSettings, settings.Password, fromSettings);
                Server.UpdateCredentials(_credentials.ToServerCredentials());
            }

            var moved = settings.Port != _port || settings.BindAddress != _bind;
            _port = settings.Port;
            _bind = settings.BindAddress;
            _enabled = settings.MirrorEnabled;
            if (!_enabled)
            {
                await StopProxyAsync();
            }
            else if (moved || _state != MirrorState.Serving)
            {
                await StopProxyAsync();
                await StartProxyAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }

        Changed();
    }

    public string CreatePairingUrl()
    {
        var path = Server.CreatePairingPath();
        return $"{FirstMirrorUrl().TrimEnd('/')}{path}";
    }

    /// <summary>A one-time launch URL for the desktop listener.</summary>
    public string CreateLaunchUrl() => $"http://127.0.0.1:{Server.DesktopEndpoint.Port}{Server.CreateLaunchPath()}";

    public void RequestQuit() => _quit.Cancel();

    /// <summary>Stops the proxy (the listener closes at once); used on shutdown.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            // From here the runtime state file belongs to the shutdown, which deletes it.
            _stopped = true;
            await StopProxyAsync();
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
        _quit.Dispose();
    }

    /// <summary>The LAN URLs of the mirror while it serves; none otherwise.</summary>
    private List<string> LanUrls()
        => _state != MirrorState.Serving || !IPAddress.TryParse(_bind, out var bind)
            ? []
            : LanAddressFinder.Find(bind).Select(a => a.ToUrl(_port)).ToList();

    private string FirstMirrorUrl()
    {
        if (IPAddress.TryParse(_bind, out var bind) && LanAddressFinder.Find(bind) is [var first, ..])
        {
            return first.ToUrl(_port);
        }

        // No LAN address (offline, or bound to loopback): the link still works on this machine.
        var host = bind is null || bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bind;
        return new LanAddress("", InterfaceKind.Other, host).ToUrl(_port);
    }
}
