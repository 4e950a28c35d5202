using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy;

public sealed partial class TcpMirrorProxy
{
    /// <summary>First pause after an accept failure; it doubles on each failure in a row up to <see cref="MaxAcceptBackoff"/>.</summary>
    internal static readonly TimeSpan MinAcceptBackoff = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Longest pause between accept attempts while they keep failing (out of descriptors, buffers or memory). The
    /// pending connection stays in the kernel's backlog meanwhile; retrying at once would spin a core on the same error.
    /// </summary>
    internal static readonly TimeSpan MaxAcceptBackoff = TimeSpan.FromSeconds(1);

    /// <summary>
    /// On Linux an accepted socket inherits TCP_NODELAY from the listener, which sets it once; elsewhere each accepted
    /// socket sets it (one setsockopt per connection saved where it can be).
    /// </summary>
    private static readonly bool InheritsNoDelay = OperatingSystem.IsLinux();

    /// <summary>
    /// Accepts pending on the listener at once: one. With two or more on one listener, the socket engine completes one
    /// accept inline and hands the next waiting one to the thread pool, which cost 0.7–0.8 thread-pool work items per
    /// connection (each waking a worker that spins in sched_yield ~25 times) for nothing: measured 0.00 with one loop.
    /// The accepted sockets are spread over every core's socket engine anyway, so the data still uses both cores.
    /// </summary>
    private const int AcceptLoopCount = 1;

    private Task StartAcceptLoops(Socket listener, ProxyContext context)
    {
        if (context.Loops is not null)
        {
            // Plain TCP on Linux: the event loops accept and serve the connections themselves.
            listener.Blocking = false;
            _epollListener = new EpollListener(listener.SafeHandle, (IPEndPoint)listener.LocalEndPoint!, context);
            _epollListener.Start();
            return Task.CompletedTask;
        }

        var loops = new Task[AcceptLoopCount];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = Task.Run(() => AcceptLoopAsync(listener, context));
        }

        return Task.WhenAll(loops);
    }

    private async Task AcceptLoopAsync(Socket listener, ProxyContext context)
    {
        var backoff = TimeSpan.Zero;
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(CancellationToken.None);
                backoff = TimeSpan.Zero;
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
                backoff = backoff == TimeSpan.Zero ? MinAcceptBackoff : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxAcceptBackoff.Ticks));
                if (context.AcceptFailureLog.TryAcquire(out var suppressed))
                {
                    if (IsResourceExhaustion(e))
                    {
                        // No stack trace: formatting one loads code, which itself needs a descriptor.
                        Log.AcceptOutOfResources(_logger, _localEndpoint!, Describe(e), backoff.TotalMilliseconds, suppressed);
                    }
                    else
                    {
                        Log.AcceptFailed(_logger, e, _localEndpoint!, suppressed);
                    }
                }

                try
                {
                    await Task.Delay(backoff, _time);
                }
                catch (OutOfMemoryException)
                {
                    // The timer could not be made either; the next accept is the retry.
                }

                continue;
            }

            Dispatch(client, context);
        }
    }

    /// <summary>Out of descriptors (EMFILE, ENFILE), socket buffers (ENOBUFS) or memory (ENOMEM): a condition that passes.</summary>
    private static bool IsResourceExhaustion(Exception e) => e switch
    {
        SocketException socket => socket.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable
            || socket.NativeErrorCode is 12 or 23 or 24 or 105, // ENOMEM, ENFILE, EMFILE, ENOBUFS (Linux numbers)
        OutOfMemoryException => true,
        _ => false,
    };

    private static string Describe(Exception e) => e is SocketException socket ? $"{socket.SocketErrorCode} ({socket.Message})" : e.Message;

    private void Dispatch(Socket client, ProxyContext context)
    {
        if (!context.Counters.TryOpen(context.ConnectionLimit))
        {
            client.Dispose();
            if (context.LimitLog.TryAcquire(out var suppressed))
            {
                Log.RefusedByLimit(_logger, context.ConnectionLimit, suppressed);
            }

            return;
        }

        var remote = client.RemoteEndPoint as IPEndPoint;
        var key = remote is null ? UInt128.Zero : AddressCounts.KeyOf(remote.Address);
        if (!context.Addresses.TryAdd(key, _options.MaxConnectionsPerAddress))
        {
            context.Counters.RefuseByAddressLimit();
            client.Dispose();
            if (context.AddressLimitLog.TryAcquire(out var suppressed))
            {
                Log.RefusedByAddressLimit(_logger, remote?.Address, _options.MaxConnectionsPerAddress, suppressed);
            }

            return;
        }

        if (!InheritsNoDelay)
        {
            try
            {
                client.NoDelay = true;
            }
            catch (SocketException)
            {
                // Reset before we got to it; the pumps will notice and close it.
            }
        }

        var connection = new SocketConnection(client, remote, key, context);
        context.Opened(connection);
        // Started right here: its synchronous part is a socket() and a non-blocking connect(), cheaper than a
        // hop through the thread pool; everything after that runs on socket completions.
        connection.Start();
    }
}
