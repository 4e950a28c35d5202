using System.Runtime.InteropServices;

namespace DeskMirror.Pty.Internal;

/// <summary><c>struct winsize</c> for TIOCSWINSZ.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct WinSize
{
    public ushort Rows;
    public ushort Cols;
    public ushort XPixel;
    public ushort YPixel;
}
