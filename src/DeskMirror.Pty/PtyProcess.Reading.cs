using System.Runtime.InteropServices;
using DeskMirror.Pty.Internal;

namespace DeskMirror.Pty;

public sealed partial class PtyProcess
{
    /// <summary>One read from the master returns at most this much.</summary>
    private const int ReadBufferBytes = 64 * 1024;

    /// <summary>How often an idle read thread checks whether it was told to give up.</summary>
    private const int IdlePollMilliseconds = 250;

    /// <summary>After the child is reaped, how long the output may keep coming before the read thread gives up.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ManualResetEventSlim _readerDone = new();
    private volatile bool _abandonReading;

    private void StartThreads()
    {
        new Thread(ReadLoop) { IsBackground = true, Name = $"pty-read-{ProcessId}" }.Start();
        new Thread(WaitLoop) { IsBackground = true, Name = $"pty-wait-{ProcessId}" }.Start();
    }

    private unsafe void ReadLoop()
    {
        var added = false;
        var buffer = (byte*)NativeMemory.Alloc(ReadBufferBytes);
        try
        {
            _master.DangerousAddRef(ref added);
            var fd = _master.Fd;
            while (true)
            {
                var count = LibC.Read(fd, buffer, ReadBufferBytes);
                if (count > 0)
                {
                    Deliver(new ReadOnlySpan<byte>(buffer, (int)count));
                    continue;
                }

                if (count == 0)
                {
                    break;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EINTR)
                {
                    continue;
                }

                if (errno == LibC.EAGAIN)
                {
                    if (_abandonReading)
                    {
                        break;
                    }

                    var poll = new PollFd { Fd = fd, Events = LibC.PollIn };
                    LibC.Poll(&poll, 1, IdlePollMilliseconds);
                    continue;
                }

                // EIO: every slave fd is closed or the session leader is gone (hang-up). That is the end of output.
                if (errno != LibC.EIO)
                {
                    Log.ReadFailed(_logger, ProcessId, errno);
                }

                break;
            }
        }
        finally
        {
            NativeMemory.Free(buffer);
            if (added)
            {
                _master.DangerousRelease();
            }

            _readerDone.Set();
        }
    }

    private void Deliver(ReadOnlySpan<byte> data)
    {
        try
        {
            _output(data);
        }
#pragma warning disable CA1031 // A failing consumer must not stop the draining, or the child blocks on its next write.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, exception, ProcessId);
        }
    }
}
