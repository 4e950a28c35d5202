using System.Net.Sockets;
using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy;

public sealed partial class TcpMirrorProxy
{
    /// <summary>Pause after an accept failure such as fd exhaustion, so the loop does not spin while the cause lasts.</summary>
    private static readonly TimeSpan AcceptBackoff = TimeSpan.FromMilliseconds(50);

    /// <summary>Accepts pending on the listener at once; one per core lets a burst of new connections use both.</summary>
    private static readonly int AcceptLoopCount = Math.Clamp(Environment.ProcessorCount, 1, 4);

    private Task StartAcceptLoops(Socket listener, ProxyContext context)
    {
        var loops = new Task[AcceptLoopCount];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => AcceptLoopAsync(listener, context));
        }

        return Task.WhenAll(loops);
    }

    private async Task AcceptLoopAsync(Socket listener, ProxyContext context)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(CancellationToken.None);
            }
            catch (Exception) when (_listenerClosed)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                continue; // the client gave up while still in the backlog
            }
            catch (Exception e)
            {
                if (context.AcceptFailureLog.TryAcquire(out var suppressed))
                {
                    Log.AcceptFailed(_logger, e, _localEndpoint!, suppressed);
                }

                await Task.Delay(AcceptBackoff, _time);
                continue;
            }

            Dispatch(client, context);
        }
    }

    private void Dispatch(Socket client, ProxyContext context)
    {
        if (!context.Counters.TryOpen(_options.MaxConnections))
        {
            client.Dispose();
            if (context.LimitLog.TryAcquire(out var suppressed))
            {
                Log.RefusedByLimit(_logger, _options.MaxConnections, suppressed);
            }

            return;
        }

        try
        {
            client.NoDelay = true;
        }
        catch (SocketException)
        {
            // Reset before we got to it; the pumps will notice and close it.
        }

        var connection = new ProxyConnection(client, context);
        context.Opened(connection);
        // Started right here: its synchronous part is a socket() and a non-blocking connect(), cheaper than a
        // hop through the thread pool; everything after that runs on socket completions.
        _ = connection.RunAsync();
    }
}
