using System.Net;
using System.Net.Sockets;
using DeskMirror.Orphans;
using DeskMirror.Proxy;
using DeskMirror.Server.Desktop;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Desktop;

/// <summary>Starting and stopping the proxy, with orphan cleanup when the port is held.</summary>
internal sealed partial class MirrorController
{
    private async Task StartProxyAsync(CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(_bind, out var bind))
        {
            Fail($"bind address '{_bind}' is not an IP address");
            return;
        }

        var listen = new IPEndPoint(bind, _port);
        try
        {
            _proxy = await StartProxyOnceAsync(listen, cancellationToken);
        }
        catch (ProxyAddressInUseException)
        {
            var cleanup = await new OrphanCleaner(_context.PreviousState).TryFreeAsync(_port, cancellationToken);
            _context.Output.WriteLine(cleanup.Message);
            if (!cleanup.Freed)
            {
                Fail(cleanup.Message);
                return;
            }

            _proxy = await StartAfterOrphanAsync(listen, cancellationToken);
            if (_proxy is null)
            {
                Fail($"port {_port} is still in use after ending the earlier DeskMirror; choose another with --port");
                return;
            }
        }
        catch (SocketException ex)
        {
            Fail($"cannot listen on {listen}: {ex.Message}");
            return;
        }

        _state = MirrorState.Serving;
        _error = null;
        WriteRuntimeState();
    }

    private async Task<TcpMirrorProxy?> StartAfterOrphanAsync(IPEndPoint listen, CancellationToken cancellationToken)
    {
        var startedAt = _context.TimeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                return await StartProxyOnceAsync(listen, cancellationToken);
            }
            catch (ProxyAddressInUseException) when (_context.TimeProvider.GetElapsedTime(startedAt) < RebindWindow)
            {
                // The ended process's socket is still closing; nothing signals when it is gone.
                await Task.Delay(TimeSpan.FromMilliseconds(50), _context.TimeProvider, cancellationToken);
            }
            catch (ProxyAddressInUseException)
            {
                return null;
            }
        }
    }

    private async Task<TcpMirrorProxy> StartProxyOnceAsync(IPEndPoint listen, CancellationToken cancellationToken)
    {
        var proxy = new TcpMirrorProxy(
            new TcpMirrorProxyOptions { Listen = listen, Upstream = Server.MirrorEndpoint, StopGracePeriod = ProxyStopGracePeriod },
            _context.LoggerFactory.CreateLogger<TcpMirrorProxy>());
        try
        {
            await proxy.StartAsync(cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    private async Task StopProxyAsync()
    {
        if (_proxy is { } proxy)
        {
            _proxy = null;
            await proxy.StopAsync();
        }

        _state = MirrorState.Off;
        _error = null;
        WriteRuntimeState();
    }

    private void Fail(string error)
    {
        _state = MirrorState.Error;
        _error = error;
        Log.MirrorFailed(_context.Logger, error);
        WriteRuntimeState();
    }
}
