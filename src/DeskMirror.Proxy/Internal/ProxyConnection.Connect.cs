using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

internal sealed partial class ProxyConnection
{
    /// <summary>The connected upstream socket, or null when it refused, timed out or the connection was aborted meanwhile.</summary>
    private async ValueTask<Socket?> ConnectUpstreamAsync()
    {
        var endpoint = _context.Options.Upstream;
        Socket socket;
        try
        {
            socket = endpoint.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
                ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Stream, ProtocolType.Tcp); // a host name: dual-mode, tries each address
        }
        catch (SocketException e)
        {
            // Out of descriptors or buffers: this client is closed, the process carries on.
            if (_context.ConnectionFailureLog.TryAcquire(out var suppressed))
            {
                Log.UpstreamSocketFailed(_context.Logger, e.SocketErrorCode, suppressed);
            }

            return null;
        }

        Volatile.Write(ref _upstream, socket);
        if (Volatile.Read(ref _aborted) != 0)
        {
            socket.Dispose();
            return null;
        }

        try
        {
            socket.NoDelay = true;
            var connect = socket.ConnectAsync(endpoint, CancellationToken.None);
            if (!connect.IsCompletedSuccessfully)
            {
                // Only a connect that did not finish at once pays for a timer.
                var pending = connect.AsTask();
                try
                {
                    await pending.WaitAsync(_context.Options.ConnectTimeout, _context.Time);
                }
                catch (TimeoutException)
                {
                    socket.Dispose();
                    await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    throw;
                }
            }

            return socket;
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ObjectDisposedException)
        {
            socket.Dispose();
            if (Volatile.Read(ref _aborted) != 0)
            {
                return null; // stopped while connecting: not the upstream's fault
            }

            _context.Counters.UpstreamFailed();
            if (_context.UpstreamFailureLog.TryAcquire(out var suppressed))
            {
                var reason = e is TimeoutException
                    ? $"no answer within {_context.Options.ConnectTimeout.TotalSeconds:0.###} s"
                    : e is SocketException socketError ? socketError.SocketErrorCode.ToString() : e.GetType().Name;
                Log.UpstreamUnavailable(_context.Logger, endpoint, reason, suppressed);
            }

            return null;
        }
    }
}
