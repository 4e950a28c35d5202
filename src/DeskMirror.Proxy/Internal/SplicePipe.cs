using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// A pipe pair for moving a long transfer from one socket to another with splice(2), without copying the bytes
/// through user space (Linux only). It costs two descriptors, so only a bounded number exist at once.
/// </summary>
internal sealed unsafe class SplicePipe : IDisposable
{
    private readonly int _read;
    private readonly int _write;

    private SplicePipe(int read, int write)
    {
        _read = read;
        _write = write;
    }

    /// <summary>What a pipe holds by default on Linux (16 pages).</summary>
    public const int Capacity = 64 * 1024;

    /// <summary>Bytes in the pipe that have not reached the destination yet.</summary>
    public int Pending { get; private set; }

    /// <summary>A new pipe, or null when none can be made now (not Linux, out of descriptors).</summary>
    public static SplicePipe? TryCreate()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        int* fds = stackalloc int[2];
        return LibC.Pipe2(fds, LibC.PipeFlags) == 0 ? new SplicePipe(fds[0], fds[1]) : null;
    }

    /// <summary>Moves up to <paramref name="max"/> bytes from <paramref name="source"/> into the pipe: the count, 0 at the end of the stream, −1 when nothing is there now.</summary>
    public int FillFrom(Socket source, int max)
    {
        // The reference keeps the descriptor open (and its number unused by another socket) while splice runs,
        // even if the connection is aborted meanwhile.
        var handle = source.SafeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return FillFrom((int)handle.DangerousGetHandle(), max);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>As <see cref="FillFrom(Socket, int)"/>, from a descriptor the caller keeps open.</summary>
    public int FillFrom(int source, int max)
    {
        while (true)
        {
            var moved = LibC.Splice(source, null, _write, null, (nuint)max, LibC.SpliceFlags);
            if (moved >= 0)
            {
                Pending += (int)moved;
                return (int)moved;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EIntr)
            {
                continue;
            }

            if (errno == LibC.EAgain)
            {
                return -1;
            }

            throw SocketErrors.FromErrno(errno);
        }
    }

    /// <summary>Moves what the pipe holds to <paramref name="destination"/>; false when the destination is full (the rest stays in the pipe).</summary>
    public bool DrainTo(Socket destination)
    {
        var handle = destination.SafeHandle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return DrainTo((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>As <see cref="DrainTo(Socket)"/>, to a descriptor the caller keeps open.</summary>
    public bool DrainTo(int destination)
    {
        while (Pending > 0)
        {
            var moved = LibC.Splice(_read, null, destination, null, (nuint)Pending, LibC.SpliceFlags);
            if (moved > 0)
            {
                Pending -= (int)moved;
                continue;
            }

            var errno = moved < 0 ? Marshal.GetLastPInvokeError() : LibC.EPipe;
            if (errno == LibC.EIntr)
            {
                continue;
            }

            if (errno == LibC.EAgain)
            {
                return false;
            }

            throw SocketErrors.FromErrno(errno);
        }

        return true;
    }

    /// <summary>Copies what the pipe holds into <paramref name="buffer"/> (for a destination that is full: a normal send then waits for room).</summary>
    public int ReadInto(byte[] buffer)
    {
        fixed (byte* start = buffer)
        {
            var count = LibC.Read(_read, start, (nuint)Math.Min(buffer.Length, Pending));
            if (count < 0)
            {
                throw SocketErrors.FromErrno(Marshal.GetLastPInvokeError());
            }

            Pending -= (int)count;
            return (int)count;
        }
    }

    public void Dispose()
    {
        LibC.Close(_read);
        LibC.Close(_write);
    }
}
