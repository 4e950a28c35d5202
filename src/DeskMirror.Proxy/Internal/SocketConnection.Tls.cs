using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// With TLS on: tell TLS from plain by the client's first byte, and terminate TLS. The upstream is connected only
/// after that (for TLS, after the handshake), so a client that never finishes its handshake never reaches it.
/// </summary>
internal sealed partial class SocketConnection
{
    private static readonly ServerOptionsSelectionCallback SelectOptions =
        static (_, hello, state, _) => ((SocketConnection)state!).Select(hello);

    /// <summary>The host name the TLS client asked for (SNI), when it sent a usable one.</summary>
    private string? _serverName;

    /// <summary>Why <see cref="Select"/> refused the client, for the log line.</summary>
    private string? _refusal;

    private void WaitForFirstByte()
    {
        _toUpstream = Context.Pumps.Rent();
        _toUpstream.WaitForFirstByte(this, _client);
    }

    /// <summary>The client sent something or closed: look at its first byte without consuming it, and go on by what it is.</summary>
    internal void OnClientSpoke(DirectionPump pump)
    {
        int read;
        byte first = 0;
        SocketError error;
        try
        {
            read = _client.Receive(new Span<byte>(ref first), SocketFlags.Peek, out error);
        }
        catch (ObjectDisposedException e)
        {
            DirectionFailed(pump, e); // aborted meanwhile (stop, timeout)
            return;
        }

        if (error != SocketError.Success)
        {
            DirectionFailed(pump, new SocketException((int)error));
            return;
        }

        EndFirstByteDeadline();
        if (read == 0)
        {
            PumpEnded(); // closed without a word
        }
        else if (first == TlsTermination.HandshakeRecord)
        {
            StartHandshake();
        }
        else if (Context.Options.RedirectPlainHttp)
        {
            StartPlainAnswer();
        }
        else
        {
            ConnectUpstream();
        }
    }

    private void StartHandshake()
    {
        var tls = Context.Tls!;
        if (!tls.TryEnterHandshake())
        {
            Context.Counters.TlsHandshakeRefused();
            if (tls.RefusedLog.TryAcquire(out var suppressed))
            {
                Log.TlsHandshakesRefused(Context.Logger, tls.MaxHandshakes, ClientEndPoint, suppressed);
            }

            PumpEnded();
            return;
        }

        StartHandshakeDeadline();
        // The ClientHello is in the socket already, so the handshake's costly first step (key exchange and signature)
        // would run right here, on the socket engine's thread, and hold up every connection it serves meanwhile.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.HandshakeAsync(), this, preferLocal: false);
    }

    private async Task HandshakeAsync()
    {
        var tls = Context.Tls!;
        Exception? failure = null;
        try
        {
            var stream = new SslStream(new NetworkStream(_client, ownsSocket: false), leaveInnerStreamOpen: false);
            _tls = stream;
            await stream.AuthenticateAsServerAsync(SelectOptions, this, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            failure = e;
        }
        finally
        {
            tls.ExitHandshake();
            EndHandshakeDeadline();
        }

        if (failure is null)
        {
            Context.Counters.TlsHandshakeCompleted();
            ConnectUpstream();
            return;
        }

        Context.Counters.TlsHandshakeFailed();
        // A connection aborted meanwhile (its handshake timed out, or the proxy stops) was logged by whoever aborted it.
        if (!IsAborted && tls.FailureLog.TryAcquire(out var suppressed))
        {
            Log.TlsHandshakeFailed(Context.Logger, ClientEndPoint, _refusal ?? failure.GetBaseException().Message, suppressed);
        }

        PumpEnded();
    }

    /// <summary>Chooses the handshake's options once the ClientHello is read: refuses old protocol versions, notes the name asked for.</summary>
    private ValueTask<SslServerAuthenticationOptions> Select(SslClientHelloInfo hello)
    {
        // None means the versions could not be read; the handshake itself then decides.
        if (hello.SslProtocols != SslProtocols.None && (hello.SslProtocols & TlsTermination.Versions) == 0)
        {
            _refusal = "it offers only TLS 1.1 or older; TLS 1.2 is the oldest this port speaks";
            throw new AuthenticationException(_refusal);
        }

        var selection = Context.Tls!.Current();
        if (CertificateNames.IsHostName(hello.ServerName))
        {
            _serverName = hello.ServerName;
            if (!selection.Names.Contains(hello.ServerName))
            {
                // Served anyway, as a web server's default certificate is: the client then reports a name mismatch
                // (a clear message) instead of an opaque handshake failure, and nothing is learnt that a client
                // without SNI would not get.
                Context.Counters.TlsUnknownServerName();
                if (Context.Tls.UnknownNameLog.TryAcquire(out var suppressed))
                {
                    Log.TlsUnknownServerName(Context.Logger, ClientEndPoint, hello.ServerName, suppressed);
                }
            }
        }

        return ValueTask.FromResult(selection.Options);
    }
}
