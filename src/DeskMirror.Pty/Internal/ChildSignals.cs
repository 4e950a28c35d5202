namespace DeskMirror.Pty.Internal;

/// <summary>Process-wide signal set-up, done once before the first spawn.</summary>
internal static unsafe class ChildSignals
{
    // struct sigaction is 152 bytes on glibc x64 and 16 on Darwin; both start with the handler pointer.
    private const int SigActionBytes = 512;
    private const nint SigIgn = 1;

    private static readonly Lazy<bool> Prepared = new(Prepare);

    /// <summary>True when this process is PID 1: orphans get re-parented to us and nobody else reaps them.</summary>
    internal static bool RunningAsInit => Prepared.Value;

    private static bool Prepare()
    {
        // Inherited "SIGCHLD ignored" makes the kernel auto-reap children, so waitpid would never see an exit
        // status. Put the default back, but only then: a handler that is there belongs to the runtime, which
        // needs it to reap its own Process children.
        var old = stackalloc byte[SigActionBytes];
        new Span<byte>(old, SigActionBytes).Clear();
        if (LibC.SigAction(LibC.SigChld, null, old) == 0 && *(nint*)old == SigIgn)
        {
            LibC.Signal(LibC.SigChld, IntPtr.Zero);
        }

        return LibC.GetPid() == 1;
    }
}
