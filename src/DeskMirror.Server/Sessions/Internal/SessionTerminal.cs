using System.Diagnostics;
using DeskMirror.Terminal;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// The server's copy of a session's screen: a <see cref="TerminalEmulator"/> that follows the session's output
/// by offset. A consumer task reads the output (the ring, else the log) and feeds the emulator under a lock, so
/// the PTY's read thread never parses anything: the emulator may lag behind the output and catches up. Resizes
/// are applied at the output offset they happened at. Snapshots and screen text are taken under the same lock
/// and say which offset they stand for.
/// </summary>
internal sealed class SessionTerminal
{
    /// <summary>Bytes fed per step; large enough that a busy session costs few wake-ups.</summary>
    private const int ChunkBytes = 256 * 1024;

    /// <summary>
    /// Output that arrives within this long of the previous feed is a burst: the consumer then lets it gather for
    /// <see cref="BurstGather"/> before feeding, rather than waking for every PTY read (4 KiB at most).
    /// </summary>
    private static readonly TimeSpan BurstGap = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a burst is left to gather: at 100 MiB/s, 200 KiB instead of 50 wake-ups.</summary>
    private static readonly TimeSpan BurstGather = TimeSpan.FromMilliseconds(2);

    /// <summary>Resize points kept; a viewer resuming before the oldest gets a snapshot instead.</summary>
    private const int MaxResizePoints = 256;

    private readonly Lock _lock = new();
    private readonly SessionOutput _output;
    private readonly TerminalEmulator _emulator;
    private readonly List<ResizePoint> _resizes;
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private bool _sizeHistoryTrimmed;
    private long _stopAt = long.MaxValue;
    private long _offset;
    private int _applied;
    private bool _finished;
    private bool _bell;
    private TerminalNotification? _notification;

    private SessionTerminal(SessionOutput output, ResizePoint start, IEnumerable<ResizePoint> later, int scrollbackLines, bool historyComplete)
    {
        _output = output;
        _offset = start.Offset;
        _emulator = new TerminalEmulator(new TerminalOptions { Cols = start.Cols, Rows = start.Rows, ScrollbackLines = scrollbackLines });
        _emulator.Bell += (_, _) => _bell = true;
        _emulator.Notification += (_, notification) => _notification = notification;
        _resizes = [start, .. later.Where(r => r.Offset >= start.Offset)];
        _applied = 1;
        _sizeHistoryTrimmed = !historyComplete;
    }

    /// <summary>Raised on the consumer after a chunk that rang the bell or asked for a notification (outside the lock).</summary>
    public event Action<TerminalSignals>? Signaled;

    /// <summary>Raised on the consumer after every chunk fed (outside the lock), with the offset reached.</summary>
    public event Action<long>? Fed;

    /// <summary>The output offset the emulator's state stands for.</summary>
    public long Offset
    {
        get
        {
            lock (_lock)
            {
                return _offset;
            }
        }
    }

    /// <summary>Follows a live session from its first byte; call <see cref="RunAsync"/> once.</summary>
    public static SessionTerminal ForLive(SessionOutput output, int cols, int rows, int scrollbackLines)
        => new(output, new ResizePoint(0, cols, rows), [], scrollbackLines, historyComplete: true);

    /// <summary>
    /// Rebuilds the screen of an ended session from the last <paramref name="tailBytes"/> of its log, with the
    /// sizes it had (<paramref name="sizes"/>, oldest first; the last is its final size).
    /// </summary>
    public static async Task<SessionTerminal> RebuildAsync(SessionOutput output, IReadOnlyList<ResizePoint> sizes, long tailBytes, int scrollbackLines)
    {
        var start = Math.Max(0, output.Length - tailBytes);
        var at = sizes.LastOrDefault(s => s.Offset <= start);
        if (at.Cols == 0)
        {
            at = sizes[0];
        }

        var terminal = new SessionTerminal(output, at with { Offset = start }, sizes.Where(s => s.Offset > start), scrollbackLines, historyComplete: true)
        {
            // A session still running (not followed) is rebuilt up to where its output is now.
            _stopAt = output.Length,
        };
        await terminal.RunAsync(CancellationToken.None);
        return terminal;
    }

    /// <summary>Feeds the emulator until the output is complete and fed, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ChunkBytes];
        using var log = _output.OpenLogForReading();
        var lastFed = 0L;
        try
        {
            while (true)
            {
                long position;
                long limit;
                lock (_lock)
                {
                    position = _offset;
                    limit = Math.Min(_stopAt, _applied < _resizes.Count ? _resizes[_applied].Offset : long.MaxValue);
                }

                if (position >= _stopAt)
                {
                    break;
                }

                var want = (int)Math.Min(buffer.Length, Math.Max(0, limit - position));
                var count = want == 0 ? 0 : _output.Read(log, position, buffer.AsSpan(0, want));
                if (count > 0 || want == 0)
                {
                    Feed(buffer.AsSpan(0, count));
                    lastFed = Stopwatch.GetTimestamp();
                    continue;
                }

                var length = _output.Length;
                if (position < length)
                {
                    // Bytes that exist but cannot be read (the log lost them): go on from what can be.
                    lock (_lock)
                    {
                        _offset = _output.NextReadable(position);
                    }

                    continue;
                }

                if (_output.IsCompleted)
                {
                    break;
                }

                await _output.WaitForMoreAsync(position, cancellationToken).ConfigureAwait(false);
                if (Stopwatch.GetElapsedTime(lastFed) < BurstGap && !_output.IsCompleted)
                {
                    // A burst: waking a pool thread for each PTY read cost more CPU than parsing the bytes (the
                    // pool's spin-waits between work items), and that CPU is taken from the session's own program on
                    // a small machine. Real time, not the server's clock: this paces CPU work, it decides nothing.
                    await Task.Delay(BurstGather, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            List<TaskCompletionSource> done;
            lock (_lock)
            {
                ApplyResizes();
                _finished = true;
                done = [.. _waiters.Select(w => w.Done)];
                _waiters.Clear();
            }

            foreach (var waiter in done)
            {
                waiter.TrySetResult();
            }
        }
    }

    /// <summary>Records a resize at output offset <paramref name="offset"/> (the output's length when it happened).</summary>
    public void Resize(long offset, int cols, int rows)
    {
        lock (_lock)
        {
            _resizes.Add(new ResizePoint(Math.Max(offset, _resizes[^1].Offset), cols, rows));
            ApplyResizes();
            if (_resizes.Count > MaxResizePoints && _applied > 1)
            {
                // Keep the size in force and everything after it.
                _resizes.RemoveAt(0);
                _applied--;
                _sizeHistoryTrimmed = true;
            }
        }
    }

    /// <summary>The size at <paramref name="offset"/>, or null when the history kept no longer reaches back that far.</summary>
    public (int Cols, int Rows)? SizeAt(long offset)
    {
        lock (_lock)
        {
            if (_sizeHistoryTrimmed && offset < _resizes[0].Offset)
            {
                return null;
            }

            var size = _resizes[0];
            foreach (var point in _resizes)
            {
                if (point.Offset > offset)
                {
                    break;
                }

                size = point;
            }

            return (size.Cols, size.Rows);
        }
    }

    /// <summary>The first resize at an offset above <paramref name="offset"/>, if any.</summary>
    public ResizePoint? NextResizeAfter(long offset)
    {
        lock (_lock)
        {
            foreach (var point in _resizes)
            {
                if (point.Offset > offset)
                {
                    return point;
                }
            }

            return null;
        }
    }

    /// <summary>Completes once the emulator has been fed up to <paramref name="target"/>, or can get no further.</summary>
    public Task WaitForOffsetAsync(long target, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_offset >= target || _finished)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A snapshot of the screen with up to <paramref name="scrollbackLines"/> lines of scrollback, and what it stands for.</summary>
    public TerminalSnapshot CreateSnapshot(int scrollbackLines)
    {
        lock (_lock)
        {
            return new TerminalSnapshot(_emulator.CreateSnapshot(scrollbackLines), _offset, _emulator.Cols, _emulator.Rows);
        }
    }

    /// <summary>The screen as text, and the offset it stands for.</summary>
    public (TerminalScreenText Text, long Offset) GetText(int scrollbackLines)
    {
        lock (_lock)
        {
            return (_emulator.GetScreenText(scrollbackLines), _offset);
        }
    }

    private void Feed(ReadOnlySpan<byte> data)
    {
        TerminalSignals signals;
        long reached;
        List<TaskCompletionSource>? done = null;
        lock (_lock)
        {
            _emulator.Feed(data);
            _offset += data.Length;
            ApplyResizes();
            signals = new TerminalSignals(_bell, _notification);
            _bell = false;
            _notification = null;
            reached = _offset;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= _offset)
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        if (done is not null)
        {
            foreach (var waiter in done)
            {
                waiter.TrySetResult();
            }
        }

        if (signals.Any)
        {
            Signaled?.Invoke(signals);
        }

        Fed?.Invoke(reached);
    }

    /// <summary>Applies the resizes the emulator has reached. Called under the lock.</summary>
    private void ApplyResizes()
    {
        while (_applied < _resizes.Count && _resizes[_applied].Offset <= _offset)
        {
            var point = _resizes[_applied++];
            _emulator.Resize(point.Cols, point.Rows);
        }
    }
}
