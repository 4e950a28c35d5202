using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// A proxied connection on System.Net.Sockets (TLS, the plain-HTTP redirect, a host name upstream, and every
/// platform but Linux): connects to the upstream, sends the PROXY header when asked, then pumps both directions
/// until both have ended (half-close is forwarded) or either fails or times out (then both sockets are reset).
/// </summary>
/// <remarks>
/// Everything after the accept runs on socket completions (<see cref="DirectionPump"/>); deadlines (connect, first
/// byte, TLS handshake, half-close) are timestamps checked by the proxy's one sweep timer, so no timer exists per
/// connection. With TLS on (<see cref="ProxyContext.Tls"/>) the connection first waits for the client's first byte
/// (SocketConnection.Tls.cs): a plain client then goes on as without TLS, a TLS client is handshaken first and its
/// pumps read and write through the <see cref="SslStream"/> on the client side.
/// </remarks>
internal sealed partial class SocketConnection(Socket client, IPEndPoint? remote, UInt128 addressKey, ProxyContext context)
    : Connection(remote, addressKey, context)
{
    private readonly Socket _client = client;
    private Socket? _upstream;
    private DirectionPump? _toUpstream;
    private DirectionPump? _toClient;
    private int _runningPumps;
    private SslStream? _tls;

    /// <summary>
    /// Starts the connection: at once the upstream connect, or with TLS on the wait for the client's first byte.
    /// Everything after that runs on completions.
    /// </summary>
    public void Start()
    {
        // One activity runs from here on (the first-byte wait, the handshake, the connect, then the pump carrying
        // upstream → client); StartPumps adds the second direction. The last to end closes the connection.
        _runningPumps = 1;
        if (Context.Tls is null)
        {
            ConnectUpstream();
        }
        else
        {
            WaitForFirstByte();
        }
    }

    /// <summary>Opens the upstream socket and starts connecting; then <see cref="OnUpstreamConnected"/> runs.</summary>
    private void ConnectUpstream()
    {
        var endpoint = Context.Options.Upstream;
        Socket upstream;
        try
        {
            upstream = endpoint.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
                ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Stream, ProtocolType.Tcp); // a host name: dual-mode, tries each address
            upstream.NoDelay = true;
        }
        catch (SocketException e)
        {
            // Out of descriptors or buffers: this client is closed, the process carries on.
            if (Context.ConnectionFailureLog.TryAcquire(out var suppressed))
            {
                Log.UpstreamSocketFailed(Context.Logger, e.SocketErrorCode, suppressed);
            }

            PumpEnded();
            return;
        }

        Volatile.Write(ref _upstream, upstream);
        if (IsAborted)
        {
            PumpEnded();
            return;
        }

        StartConnectDeadline();
        _toClient = Context.Pumps.Rent();
        _toClient.Connect(this, upstream, endpoint);
    }

    public override bool Abort()
    {
        if (!TryMarkAborted())
        {
            return false;
        }

        _client.Close(0);
        Volatile.Read(ref _upstream)?.Close(0);
        return true;
    }

    /// <summary>The upstream accepted: send the PROXY header if asked, and start both directions.</summary>
    internal void OnUpstreamConnected()
    {
        EndConnectDeadline();
        StartPumps(Context.Options.SendProxyProtocol ? ProxyHeader() : null);
    }

    internal void OnUpstreamConnectFailed(Exception exception)
    {
        EndConnectDeadline();
        if (!IsAborted || ConnectTimedOut)
        {
            UpstreamFailed(ConnectTimedOut
                ? ConnectTimedOutReason
                : exception is SocketException socketError ? socketError.SocketErrorCode.ToString() : exception.GetType().Name);
        }

        PumpEnded();
    }

    /// <summary>Data from the client (<paramref name="toUpstream"/>) or the upstream moved.</summary>
    internal void OnData(bool toUpstream) => DataArrived(toUpstream);

    internal void DirectionFinished(DirectionPump pump)
    {
        OneDirectionFinished();
        PumpEnded();
    }

    internal void DirectionFailed(DirectionPump pump, Exception exception)
    {
        if (Abort())
        {
            LogFailure(exception);
        }

        PumpEnded();
    }

    private void StartPumps(byte[]? header)
    {
        var upstream = _upstream!;
        // With TLS on, the pump that waited for the first byte carries client → upstream.
        _toUpstream ??= Context.Pumps.Rent();
        Interlocked.Increment(ref _runningPumps); // two directions from here, on top of the connect's count that becomes upstream → client
        if (_tls is { } tls)
        {
            _toUpstream.Start(this, _client, tls, upstream, null, toUpstream: true, header);
            _toClient!.Start(this, upstream, null, _client, tls, toUpstream: false, prefix: null);
        }
        else
        {
            _toUpstream.Start(this, _client, null, upstream, null, toUpstream: true, header);
            _toClient!.Start(this, upstream, null, _client, null, toUpstream: false, prefix: null);
        }
    }

    /// <summary>The last of the connect and the two directions to end closes both sockets and releases the slot.</summary>
    private void PumpEnded()
    {
        if (Interlocked.Decrement(ref _runningPumps) == 0)
        {
            End();
        }
    }

    private void End()
    {
        // Nothing runs on the stream any more: every activity that used it has ended.
        _tls?.Dispose();
        _client.Dispose();
        _upstream?.Dispose();
        if (_toUpstream is { } toUpstream)
        {
            Context.Pumps.Return(toUpstream);
        }

        if (_toClient is { } toClient)
        {
            Context.Pumps.Return(toClient);
        }

        Context.Closed(this);
    }
}

