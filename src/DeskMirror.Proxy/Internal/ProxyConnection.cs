using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// One proxied connection: connects to the upstream, sends the PROXY header when asked, then pumps both directions
/// until both have ended (half-close is forwarded) or either fails or times out (then both sockets are reset).
/// </summary>
internal sealed partial class ProxyConnection
{
    private readonly Socket _client;
    private readonly ProxyContext _context;
    private Socket? _upstream;
    private int _aborted;
    private int _finishedDirections;

    // Timestamps (TimeProvider ticks) checked by the context's sweep; 0 means no deadline.
    private long _firstByteDeadline;
    private long _halfCloseDeadline;

    public ProxyConnection(Socket client, IPEndPoint? remote, UInt128 addressKey, ProxyContext context)
    {
        _client = client;
        _context = context;
        Remote = remote;
        AddressKey = addressKey;
        if (context.FirstByteTicks != 0)
        {
            _firstByteDeadline = context.Time.GetTimestamp() + context.FirstByteTicks;
        }
    }

    /// <summary>The client's address and port as accepted.</summary>
    public IPEndPoint? Remote { get; }

    /// <summary>The client address's key in <see cref="ProxyContext.Addresses"/>.</summary>
    public UInt128 AddressKey { get; }

    public EndPoint? ClientEndPoint => Remote;

    public async Task RunAsync()
    {
        try
        {
            var upstream = await ConnectUpstreamAsync();
            if (upstream is null)
            {
                return;
            }

            if (_context.Options.SendProxyProtocol && !await SendProxyHeaderAsync(upstream))
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

    /// <summary>
    /// Resets both sides at once (RST, not FIN): used on errors, timeouts and when the stop grace period is over.
    /// False when the connection was aborted already.
    /// </summary>
    public bool Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return false;
        }

        _client.Close(0);
        Volatile.Read(ref _upstream)?.Close(0);
        return true;
    }

    /// <summary>Null while no deadline has passed at <paramref name="now"/> (or the connection is ending anyway); else what it waited for.</summary>
    public string? IsPastDeadline(long now)
    {
        if (Volatile.Read(ref _aborted) != 0)
        {
            return null;
        }

        var firstByte = Volatile.Read(ref _firstByteDeadline);
        if (firstByte != 0 && now >= firstByte)
        {
            return "no first byte from the client in time";
        }

        var halfClose = Volatile.Read(ref _halfCloseDeadline);
        return halfClose != 0 && now >= halfClose ? "one side closed and the other stayed silent too long" : null;
    }

    /// <summary>The client's first data arrived: the first-byte deadline no longer applies.</summary>
    private void FirstByteArrived() => Volatile.Write(ref _firstByteDeadline, 0);

    /// <summary>Data moved while half-closed: the remaining direction is not idle.</summary>
    private void RefreshHalfCloseDeadline()
    {
        if (Volatile.Read(ref _halfCloseDeadline) != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, _context.Time.GetTimestamp() + _context.HalfCloseTicks);
        }
    }

    /// <summary>One direction ended cleanly; when it is the first, the other gets <see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/> of silence at most.</summary>
    private void DirectionFinished()
    {
        if (Interlocked.Increment(ref _finishedDirections) == 1 && _context.HalfCloseTicks != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, _context.Time.GetTimestamp() + _context.HalfCloseTicks);
        }
    }
}
