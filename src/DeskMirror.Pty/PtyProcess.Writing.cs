using System.Runtime.InteropServices;
using DeskMirror.Pty.Internal;

namespace DeskMirror.Pty;

public sealed partial class PtyProcess
{
    /// <summary>Pause before retrying a write the terminal's full input queue refused.</summary>
    private static readonly TimeSpan WriteRetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>
    /// Types bytes into the terminal, as if from a keyboard. Waits (without holding a thread) while the
    /// child does not read its input. Throws <see cref="InvalidOperationException"/> once the child has ended.
    /// </summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var written = 0;
            while (written < data.Length)
            {
                var (count, errno) = WriteOnce(data.Span[written..]);
                if (count > 0)
                {
                    written += count;
                }
                else if (errno == LibC.EAGAIN)
                {
                    await Task.Delay(WriteRetryDelay, cancellationToken).ConfigureAwait(false);
                }
                else if (errno != LibC.EINTR)
                {
                    throw new InvalidOperationException(
                        $"The terminal of pid {ProcessId} no longer accepts input: {Marshal.GetPInvokeErrorMessage(errno)}.");
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private unsafe (int Count, int Errno) WriteOnce(ReadOnlySpan<byte> data)
    {
        if (_exited.Task.IsCompleted)
        {
            return (0, LibC.EIO);
        }

        var added = false;
        try
        {
            _master.DangerousAddRef(ref added);
            fixed (byte* pointer = data)
            {
                var count = LibC.Write(_master.Fd, pointer, (nuint)data.Length);
                return count >= 0 ? ((int)count, 0) : (0, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            if (added)
            {
                _master.DangerousRelease();
            }
        }
    }
}
