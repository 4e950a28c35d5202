using Microsoft.Win32.SafeHandles;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// A session's output: an append-only log file (the whole history, addressed by byte offset) and a bounded
/// in-memory ring of the newest bytes. The PTY's read thread appends; viewers read at their own offset and
/// wait for more, so a slow viewer costs no memory: whatever it has not read yet is in the ring or the log.
/// </summary>
internal sealed class SessionOutput : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutputRing? _ring;
    private readonly long _maxViewerLag;
    private readonly List<ViewerLease> _viewers = [];
    private SafeFileHandle? _writer;
    private TaskCompletionSource? _more;
    private long _length;
    private bool _completed;
    private long _droppedViewers;
    private long _lastAppend;

    private SessionOutput(string logPath, OutputRing? ring, long length, bool completed, long maxViewerLag, SafeFileHandle? writer)
    {
        LogPath = logPath;
        _ring = ring;
        _length = length;
        _completed = completed;
        _maxViewerLag = maxViewerLag;
        _writer = writer;
        _ring?.Reset(length);
    }

    public string LogPath { get; }

    /// <summary>Bytes written so far (the log's length).</summary>
    public long Length
    {
        get
        {
            lock (_lock)
            {
                return _length;
            }
        }
    }

    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>Memory held for output: the ring's capacity, or 0 once the session ended.</summary>
    public int RingCapacity => _ring?.Capacity ?? 0;

    public int ViewerCount
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>What each viewer has been sent so far.</summary>
    public IReadOnlyList<long> ViewerSentBytes
    {
        get
        {
            lock (_lock)
            {
                return [.. _viewers.Select(v => v.SentBytes)];
            }
        }
    }

    public long DroppedViewers => Interlocked.Read(ref _droppedViewers);

    /// <summary>Records when each read arrived (for recordings); null for a session from before a restart.</summary>
    public SessionTimeline? Timeline { get; init; }

    /// <summary>Clock of <see cref="LastAppendTimestamp"/>; null for a session from before a restart.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>When the newest output arrived, as a <see cref="Clock"/> timestamp; 0 before any.</summary>
    public long LastAppendTimestamp => Interlocked.Read(ref _lastAppend);

    /// <summary>Set when the log could not be written (disk full); newer output then lives in the ring only.</summary>
    public Exception? LogFailure { get; private set; }

    public static SessionOutput CreateLive(string logPath, int ringBytes, long maxViewerLag, SessionTimeline? timeline = null, TimeProvider? clock = null)
    {
        var writer = File.OpenHandle(logPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(writer, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new SessionOutput(logPath, new OutputRing(ringBytes), 0, completed: false, maxViewerLag, writer) { Timeline = timeline, Clock = clock };
    }

    /// <summary>A session from before a restart: the log as it is, no ring, already complete.</summary>
    public static SessionOutput OpenEnded(string logPath)
    {
        var length = File.Exists(logPath) ? new FileInfo(logPath).Length : 0;
        return new SessionOutput(logPath, ring: null, length, completed: true, long.MaxValue, writer: null);
    }

    /// <summary>Called on the PTY's read thread; never blocks on a viewer.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        Timeline?.RecordOutput(Volatile.Read(ref _length));
        if (Clock is { } clock)
        {
            Interlocked.Exchange(ref _lastAppend, clock.GetTimestamp());
        }

        var writer = _writer;
        if (writer is not null && LogFailure is null)
        {
            try
            {
                // The log is written before the length moves, so any offset below Length is readable from it.
                RandomAccess.Write(writer, data, _length);
            }
            catch (IOException ex)
            {
                LogFailure = ex;
            }
        }

        TaskCompletionSource? more;
        List<ViewerLease>? lagging = null;
        lock (_lock)
        {
            _ring!.Append(data);
            _length += data.Length;
            more = _more;
            _more = null;
            foreach (var viewer in _viewers)
            {
                var since = viewer.PendingSince;
                if (since >= 0 && _length - since > _maxViewerLag)
                {
                    (lagging ??= []).Add(viewer);
                }
            }

            if (lagging is not null)
            {
                foreach (var viewer in lagging)
                {
                    _viewers.Remove(viewer);
                }
            }
        }

        more?.TrySetResult();
        if (lagging is not null)
        {
            foreach (var viewer in lagging)
            {
                Interlocked.Increment(ref _droppedViewers);
                viewer.Drop();
            }
        }
    }

    /// <summary>No more output will come: viewers that caught up finish.</summary>
    public void Complete()
    {
        TaskCompletionSource? more;
        lock (_lock)
        {
            _completed = true;
            more = _more;
            _more = null;
        }

        more?.TrySetResult();
        _writer?.Dispose();
        _writer = null;
        Timeline?.Dispose();
    }

    /// <summary>Opens a read handle on the log for one reader (a viewer or an HTTP response); null when there is no log.</summary>
    public SafeFileHandle? OpenLogForReading()
    {
        try
        {
            return File.OpenHandle(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Reads output at <paramref name="offset"/>: from the ring when it still holds it, else from the log. 0 at the end.</summary>
    public int Read(SafeFileHandle? log, long offset, Span<byte> destination)
    {
        long available;
        lock (_lock)
        {
            available = _length - offset;
            if (available <= 0)
            {
                return 0;
            }

            if (_ring is not null && offset >= _ring.Start)
            {
                return _ring.CopyTo(offset, destination);
            }
        }

        if (log is null)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, available);
        return RandomAccess.Read(log, destination[..count], offset);
    }

    /// <summary>
    /// The first offset at or after <paramref name="offset"/> that can still be read: the offset itself, or, when
    /// the log lost bytes (disk full, file deleted), the oldest byte the ring holds, or the end.
    /// </summary>
    public long NextReadable(long offset)
    {
        lock (_lock)
        {
            return Math.Max(offset, _ring?.Start ?? _length);
        }
    }

    /// <summary>Completes when output beyond <paramref name="offset"/> exists or the output is complete.</summary>
    public Task WaitForMoreAsync(long offset, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (offset < _length || _completed)
            {
                return Task.CompletedTask;
            }

            _more ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _more.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Registers a viewer whose lag is watched; dispose the lease when the viewer leaves.</summary>
    public ViewerLease AddViewer(Action drop)
    {
        var lease = new ViewerLease(this, drop);
        lock (_lock)
        {
            _viewers.Add(lease);
        }

        return lease;
    }

    internal void RemoveViewer(ViewerLease lease)
    {
        lock (_lock)
        {
            _viewers.Remove(lease);
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
        Timeline?.Dispose();
    }
}
