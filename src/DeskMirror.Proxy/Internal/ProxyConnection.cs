using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// One proxied connection: connects to the upstream, then pumps both directions until both have ended
/// (half-close is forwarded) or either fails (then both sockets are reset).
/// </summary>
internal sealed partial class ProxyConnection
{
    private readonly Socket _client;
    private readonly ProxyContext _context;
    private Socket? _upstream;
    private int _aborted;

    public ProxyConnection(Socket client, ProxyContext context)
    {
        _client = client;
        _context = context;
    }

    public async Task RunAsync()
    {
        try
        {
            var upstream = await ConnectUpstreamAsync();
            if (upstream is null)
            {
                return;
            }

            var toUpstream = PumpAsync(_client, upstream, toUpstream: true);
            await PumpAsync(upstream, _client, toUpstream: false);
            await toUpstream;
        }
        finally
        {
            _client.Dispose();
            _upstream?.Dispose();
            _context.Closed(this);
        }
    }

    /// <summary>Resets both sides at once (RST, not FIN): used on errors and when the stop grace period is over.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _client.Close(0);
        Volatile.Read(ref _upstream)?.Close(0);
    }

    private EndPoint? ClientEndPoint
    {
        get
        {
            try
            {
                return _client.RemoteEndPoint;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                return null;
            }
        }
    }
}
