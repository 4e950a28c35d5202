using System.Runtime.InteropServices;

namespace DeskMirror.Pty.Internal;

/// <summary>The master fd; reference counting keeps it open while the read thread or a write uses it.</summary>
internal sealed class PtyMasterHandle : SafeHandle
{
    internal PtyMasterHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    public override bool IsInvalid => handle == new IntPtr(-1);

    internal int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
