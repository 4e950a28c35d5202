namespace DeskMirror.Pty;

/// <summary>How a child ended: an exit code, or the signal that killed it. Both null when another reaper took the status.</summary>
public readonly record struct PtyExitStatus(int? ExitCode, int? Signal)
{
    /// <summary>True when the child called exit (any code).</summary>
    public bool Exited => ExitCode is not null;

    /// <summary>Decodes a <c>waitpid</c> status word.</summary>
    public static PtyExitStatus FromWaitStatus(int status)
        => (status & 0x7f) == 0 ? new PtyExitStatus((status >> 8) & 0xff, null) : new PtyExitStatus(null, status & 0x7f);

    /// <inheritdoc />
    public override string ToString()
        => ExitCode is { } code ? $"exit code {code}" : Signal is { } signal ? $"killed by signal {signal}" : "exit status unknown";
}
