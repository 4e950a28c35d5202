using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// When each part of a session's output was read, for <c>recording.cast</c>: a small text file next to the log
/// (<c>{id}.timeline</c>, mode 0600) with one line per PTY read — <c>o OFFSET MILLIS</c> — and per resize —
/// <c>r OFFSET MILLIS COLS ROWS</c>. Reads closer in time than the resolution to the last line written are
/// coalesced into it, so the file grows by at most one line per resolution (about 2 KB per second of
/// continuous output at 10 ms), whatever the output's rate.
/// </summary>
internal sealed class SessionTimeline : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _resolutionMs;
    private SafeFileHandle? _file;
    private long _length;
    private long _lastMs = long.MinValue;

    private SessionTimeline(SafeFileHandle file, TimeProvider time, TimeSpan resolution)
    {
        _file = file;
        _time = time;
        _start = time.GetTimestamp();
        _resolutionMs = (long)resolution.TotalMilliseconds;
    }

    public static string PathFor(string logPath) => Path.ChangeExtension(logPath, ".timeline");

    /// <summary>Creates the timeline of a new session, starting with its size.</summary>
    public static SessionTimeline Create(string logPath, TimeProvider time, TimeSpan resolution, int cols, int rows)
    {
        var file = File.OpenHandle(PathFor(logPath), FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var timeline = new SessionTimeline(file, time, resolution);
        timeline.RecordResize(0, cols, rows);
        return timeline;
    }

    /// <summary>A read starting at <paramref name="offset"/> arrived now (called on the PTY's read thread).</summary>
    public void RecordOutput(long offset)
    {
        var now = (long)_time.GetElapsedTime(_start).TotalMilliseconds;
        if (now - Volatile.Read(ref _lastMs) < _resolutionMs)
        {
            return;
        }

        Write(string.Create(CultureInfo.InvariantCulture, $"o {offset} {now}\n"), now);
    }

    public void RecordResize(long offset, int cols, int rows)
    {
        var now = (long)_time.GetElapsedTime(_start).TotalMilliseconds;
        Write(string.Create(CultureInfo.InvariantCulture, $"r {offset} {now} {cols} {rows}\n"), Volatile.Read(ref _lastMs));
    }

    /// <summary>The entries of a timeline file, in order; stops at the first line that does not parse (a torn last write). Empty when there is none.</summary>
    public static IReadOnlyList<TimelineEntry> Read(string logPath)
    {
        var entries = new List<TimelineEntry>();
        try
        {
            foreach (var line in File.ReadLines(PathFor(logPath)))
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "o" && TryLong(parts[1], out var offset) && TryLong(parts[2], out var ms))
                {
                    entries.Add(new TimelineEntry(false, offset, ms, 0, 0));
                }
                else if (parts.Length == 5 && parts[0] == "r" && TryLong(parts[1], out offset) && TryLong(parts[2], out ms)
                    && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var cols)
                    && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
                    && cols is >= 1 and <= SessionOptions.MaxDimension && rows is >= 1 and <= SessionOptions.MaxDimension)
                {
                    entries.Add(new TimelineEntry(true, offset, ms, cols, rows));
                }
                else
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
        }

        return entries;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private static bool TryLong(string text, out long value) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private void Write(string line, long lastMs)
    {
        var bytes = Encoding.ASCII.GetBytes(line);
        lock (_lock)
        {
            if (_file is null)
            {
                return;
            }

            try
            {
                RandomAccess.Write(_file, bytes, _length);
                _length += bytes.Length;
                Volatile.Write(ref _lastMs, lastMs);
            }
            catch (IOException)
            {
                // A recording without timing still plays (all at once); the session itself must not suffer.
                _file.Dispose();
                _file = null;
            }
        }
    }
}
