using System.Net;
using System.Net.Sockets;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Makes a browser on this machine look like another device on the network: it listens on 127.0.0.1 and relays each
/// connection to <c>target</c> from a socket bound to <c>source</c> (any 127.0.0.0/8 address is this machine's), so
/// the real proxy in front of the mirror sees that address as the device's. Chromium cannot choose its source address.
/// </summary>
public sealed class SourceAddressForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPAddress _source;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;

    public SourceAddressForwarder(IPAddress source, IPEndPoint target)
    {
        _source = source;
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where the browser goes instead of the mirror's own address.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary><paramref name="url"/> (an address of the mirror) as reached through this forwarder.</summary>
    public Uri Rebase(Uri url) => new(BaseAddress, url.PathAndQuery);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(upstream);
                }

                _ = RelayAsync(client, upstream);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket client, Socket upstream)
    {
        try
        {
            upstream.Bind(new IPEndPoint(_source, 0));
            await upstream.ConnectAsync(_target, _stopping.Token);
            await Task.WhenAny(CopyAsync(client, upstream), CopyAsync(upstream, client));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side went away.
        }
        finally
        {
            // A reset on one side is passed on as a close of the other, as a real network path would.
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _stopping.Dispose();
    }
}
