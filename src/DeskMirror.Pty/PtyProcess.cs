namespace DeskMirror.Pty;

/// <summary>CONTRACT SKELETON: the sessions issue implements a child process under a pseudo-terminal.</summary>
public sealed class PtyProcess
{
}
