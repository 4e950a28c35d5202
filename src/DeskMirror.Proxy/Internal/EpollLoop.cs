using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// One event loop of the proxy (Linux): a thread waiting in epoll_wait on the descriptors of its
/// <see cref="EpollConnection"/>s, edge-triggered for reading, writing and hang-up at once, and an eventfd that wakes
/// it for aborts posted from other threads and to stop. Everything a connection does once registered runs on this
/// thread, so its state needs no lock.
/// </summary>
/// <remarks>
/// Why not System.Net.Sockets for these connections: an idle proxied connection there holds two
/// <see cref="System.Net.Sockets.Socket"/> object graphs (socket, safe handle, async context with its queued
/// operation and locks) and two event args, about 2.2 KB of heap; here it holds one object of a few hundred bytes.
/// </remarks>
internal sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 256;

    // The eventfd's and the listener's tokens; a connection's is its GCHandle (a multiple of 8, never 0), with the low
    // bit telling the upstream's descriptor.
    private const ulong WakeToken = 0;
    private const ulong ListenToken = 2;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly int _dataOffset;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<EpollConnection> _aborts = new();
    private readonly List<GCHandle> _released = [];
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _requests;
    private EpollListener? _listener;
    private bool _listening;
    private bool _acceptPending;
    private long _resumeListeningAt;
    private TaskCompletionSource? _unlistened;

    private EpollLoop(int epoll, int wake, int dataOffset, int index, ILogger logger)
    {
        _epoll = epoll;
        _wake = wake;
        _dataOffset = dataOffset;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = $"DeskMirror io {index}" };
    }

    [Flags]
    private enum Requests
    {
        Listen = 1,
        Unlisten = 2,
    }

    /// <summary>The pause after the last failed accept on this loop (zero after a success); the loop's thread only.</summary>
    public TimeSpan AcceptBackoff { get; set; }

    /// <summary>
    /// <paramref name="count"/> started loops, or null where there are none (not Linux, an architecture whose
    /// struct epoll_event is not known here, or out of descriptors: then it is logged).
    /// </summary>
    public static EpollLoop[]? TryStart(int count, ILogger logger)
    {
        if (!OperatingSystem.IsLinux() || LibC.EpollDataOffset is not { } dataOffset)
        {
            return null;
        }

        var loops = new List<EpollLoop>(count);
        for (var i = 0; i < count; i++)
        {
            var epoll = LibC.EpollCreate1(LibC.EpollCloExec);
            var wake = epoll < 0 ? -1 : LibC.EventFd(0, LibC.EfdNonBlockCloExec);
            var loop = wake < 0 ? null : new EpollLoop(epoll, wake, dataOffset, i, logger);
            if (loop is null || !loop.Watch(wake, WakeToken, LibC.EpollIn))
            {
                Log.EventLoopUnavailable(logger, Marshal.GetLastPInvokeError());
                CloseIfOpen(wake);
                CloseIfOpen(epoll);
                foreach (var started in loops)
                {
                    started.Dispose();
                }

                return null;
            }

            loop._thread.UnsafeStart();
            loops.Add(loop);
        }

        return [.. loops];
    }

    /// <summary>Watches a connection's descriptor; false when epoll refused it (out of memory).</summary>
    public bool Add(int fd, GCHandle connection, bool upstream) =>
        Watch(fd, (ulong)GCHandle.ToIntPtr(connection) | (upstream ? 1UL : 0UL), LibC.EpollIn | LibC.EpollOut | LibC.EpollRdHup | LibC.EpollEt);

    /// <summary>
    /// Stops watching a connection's descriptor; before it is closed. Closing alone is not enough: a child process
    /// forked meanwhile (a session, any Process.Start) holds a copy of every descriptor until its exec, and while any
    /// copy is open the registration stays and its events would still name the closed connection.
    /// </summary>
    public void Remove(int fd) => LibC.EpollCtl(_epoll, LibC.EpollCtlDel, fd, null);

    /// <summary>Asks the loop to reset <paramref name="connection"/>; any thread.</summary>
    public void PostAbort(EpollConnection connection)
    {
        _aborts.Enqueue(connection);
        WakeUp();
    }

    /// <summary>Starts accepting for <paramref name="listener"/> on this loop (with the other loops: one is woken per connection).</summary>
    public void Listen(EpollListener listener)
    {
        _listener = listener;
        Request(Requests.Listen);
    }

    /// <summary>Stops accepting; completes once the loop has let go of the listener.</summary>
    public Task Unlisten()
    {
        var unlistened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _unlistened, unlistened);
        Request(Requests.Unlisten);
        if (_stopping)
        {
            unlistened.TrySetResult(); // the thread has ended: nothing watches anything
        }

        return unlistened.Task;
    }

    /// <summary>After a failed accept: stop watching the listener for <paramref name="backoff"/>; the loop's thread only.</summary>
    public void PauseListening(TimeSpan backoff)
    {
        StopWatchingListener();
        _resumeListeningAt = Environment.TickCount64 + Math.Max(1, (long)backoff.TotalMilliseconds);
    }

    /// <summary>Frees a closed connection's handle once the current batch is handled: a later event in it may still carry the handle. Loop thread only.</summary>
    public void Release(GCHandle connection) => _released.Add(connection);

    /// <summary>Stops the thread; called once every connection has ended.</summary>
    public void Dispose()
    {
        _stopping = true;
        WakeUp();
        if (_thread.IsAlive && _thread != Thread.CurrentThread)
        {
            _thread.Join();
        }

        LibC.Close(_wake);
        LibC.Close(_epoll);
    }

    private bool Watch(int fd, ulong token, uint events)
    {
        var epollEvent = stackalloc byte[16];
        *(uint*)epollEvent = events;
        *(ulong*)(epollEvent + _dataOffset) = token;
        return LibC.EpollCtl(_epoll, LibC.EpollCtlAdd, fd, epollEvent) == 0;
    }

    private void WakeUp()
    {
        ulong one = 1;
        LibC.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private void Request(Requests request)
    {
        Interlocked.Or(ref _requests, (int)request);
        WakeUp();
    }

    /// <summary>
    /// Edge-triggered and exclusive: one loop is woken per arrival, and it accepts until the backlog is empty (a
    /// batch at a time, between batches of events).
    /// </summary>
    private void WatchListener()
    {
        if (!_listening && _listener is { } listener && listener.TryAddRef(out var fd))
        {
            try
            {
                _listening = Watch(fd, ListenToken, LibC.EpollIn | LibC.EpollExclusive | LibC.EpollEt);
            }
            finally
            {
                listener.Release();
            }
        }
    }

    /// <summary>Stops watching the listener; once it is closed there is nothing to stop (closing removed it from every loop).</summary>
    private void StopWatchingListener()
    {
        _acceptPending = false;
        if (_listening && _listener!.TryAddRef(out var fd))
        {
            try
            {
                LibC.EpollCtl(_epoll, LibC.EpollCtlDel, fd, null);
            }
            finally
            {
                _listener.Release();
            }
        }

        _listening = false;
    }

    /// <summary>Requests from other threads, and the end of an accept pause: handled between batches.</summary>
    private void HandleRequests()
    {
        var requests = (Requests)Interlocked.Exchange(ref _requests, 0);
        if ((requests & Requests.Unlisten) != 0)
        {
            StopWatchingListener();
            _listener = null;
            _resumeListeningAt = 0;
            Volatile.Read(ref _unlistened)?.TrySetResult();
        }
        else if ((requests & Requests.Listen) != 0 || (_resumeListeningAt != 0 && Environment.TickCount64 >= _resumeListeningAt))
        {
            _resumeListeningAt = 0;
            WatchListener();
        }
    }

    /// <summary>How long epoll_wait may block: for ever, or until an accept pause ends.</summary>
    private int WaitTimeout() =>
        _resumeListeningAt == 0 ? -1 : (int)Math.Clamp(_resumeListeningAt - Environment.TickCount64, 0, int.MaxValue);

    private void Run()
    {
        var size = _dataOffset + sizeof(ulong);
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * size));
        try
        {
            while (!_stopping)
            {
                var count = LibC.EpollWait(_epoll, events, MaxEvents, _acceptPending ? 0 : WaitTimeout());
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                    {
                        continue;
                    }

                    Log.EventLoopFailed(_logger, errno);
                    _stopping = true;
                    Volatile.Read(ref _unlistened)?.TrySetResult();
                    return;
                }

                for (var i = 0; i < count; i++)
                {
                    var epollEvent = events + (i * size);
                    var token = *(ulong*)(epollEvent + _dataOffset);
                    if (token == WakeToken)
                    {
                        ulong value;
                        LibC.Read(_wake, (byte*)&value, sizeof(ulong));
                        continue;
                    }

                    if (token == ListenToken)
                    {
                        _acceptPending = _listening;

                        continue;
                    }

                    var connection = (EpollConnection)GCHandle.FromIntPtr((nint)(token & ~1UL)).Target!;
                    connection.OnReady(upstream: (token & 1) != 0, *(uint*)epollEvent);
                }

                while (_aborts.TryDequeue(out var aborted))
                {
                    aborted.OnAbort();
                }

                // After this batch's events, so a burst of new connections does not hold up the open ones.
                if (_acceptPending)
                {
                    _acceptPending = _listening && _listener!.AcceptOn(this);
                }

                HandleRequests();

                foreach (var handle in _released)
                {
                    handle.Free();
                }

                _released.Clear();
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }
}
