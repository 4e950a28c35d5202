using DeskMirror.Server.Sessions.Internal;
using Microsoft.Win32.SafeHandles;

namespace DeskMirror.Server.Sessions;

/// <summary>
/// Reads one session's output (the bytes its terminal wrote, addressed by offset from 0) at any offset: from
/// the in-memory ring when it still holds them, else from the session's log. Cheap to open; it opens the log
/// only when a read needs it. Not thread-safe: one reader per consumer. Dispose it to close the log.
/// </summary>
public sealed class SessionOutputReader : IDisposable
{
    private readonly SessionOutput _output;
    private SafeFileHandle? _log;
    private bool _logOpened;
    private bool _disposed;

    internal SessionOutputReader(SessionOutput output) => _output = output;

    /// <summary>Bytes written so far: the offset just past the newest byte.</summary>
    public long Length => _output.Length;

    /// <summary>No more output will come (the session has ended and its output is complete).</summary>
    public bool IsCompleted => _output.IsCompleted;

    /// <summary>
    /// Copies output at <paramref name="offset"/> into <paramref name="destination"/>; returns the count, 0 at
    /// the end or where bytes were lost (see <see cref="NextReadable"/>).
    /// </summary>
    public int Read(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (!_logOpened)
        {
            _log = _output.OpenLogForReading();
            _logOpened = true;
        }

        return _output.Read(_log, offset, destination);
    }

    /// <summary>
    /// The first offset at or after <paramref name="offset"/> that can still be read: the offset itself, or, when
    /// the log lost bytes (disk full, file deleted), the oldest byte the ring holds, or the end.
    /// </summary>
    public long NextReadable(long offset) => _output.NextReadable(offset);

    /// <summary>Completes when output beyond <paramref name="offset"/> exists or the output is complete.</summary>
    public Task WaitForMoreAsync(long offset, CancellationToken cancellationToken = default) => _output.WaitForMoreAsync(offset, cancellationToken);

    public void Dispose()
    {
        _disposed = true;
        _log?.Dispose();
        _log = null;
    }
}
