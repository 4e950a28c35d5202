namespace DeskMirror.Pty;

/// <summary>What to run under a pseudo-terminal.</summary>
public sealed class PtyStartInfo
{
    /// <summary>Default terminal type given to the child in <c>TERM</c>.</summary>
    public const string DefaultTerminalType = "xterm-256color";

    /// <summary>The program: an absolute or relative path, or a name searched in the child's <c>PATH</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments after the program name (argv[1..]).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// argv[0]; the program's file name when null. A leading <c>-</c> asks a shell to act as a login shell.
    /// Cannot be combined with <see cref="FileCreationMask"/>.
    /// </summary>
    public string? ArgumentZero { get; init; }

    /// <summary>The child's working directory. Must exist.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>
    /// Changes to this process's environment for the child: a null value removes the variable.
    /// <c>TERM</c> is set to <see cref="DefaultTerminalType"/> unless given here.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Initial width in columns, 1 to 65535. Default 80.</summary>
    public int Cols { get; init; } = 80;

    /// <summary>Initial height in rows, 1 to 65535. Default 24.</summary>
    public int Rows { get; init; } = 24;

    /// <summary>
    /// The child's file-creation mask (umask), permission bits 0 to 0777 (for example <c>0x12</c>, i.e. 0022); null
    /// (the default) leaves the child this process's mask. posix_spawn cannot set a mask and a process's mask is
    /// shared by its threads, so a mask is given by starting <c>/bin/sh -c 'umask NNNN &amp;&amp; exec "$0" "$@"'</c>
    /// with the resolved program and its arguments: the shell sets the mask and replaces itself with the program,
    /// which keeps the pid, the session and the terminal. The program's argv[0] is then its resolved path, and
    /// the environment is the one <c>/bin/sh</c> passes on (it sets <c>PWD</c> to the working directory and drops
    /// variables whose names are not shell names).
    /// </summary>
    public int? FileCreationMask { get; init; }
}
