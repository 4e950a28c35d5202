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

    /// <summary>argv[0]; the program's file name when null. A leading <c>-</c> asks a shell to act as a login shell.</summary>
    public string? ArgumentZero { get; init; }

    /// <summary>The child's working directory. Must exist.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>
    /// Changes to this process's environment for the child: a null value removes the variable.
    /// <c>TERM</c> is set to <see cref="DefaultTerminalType"/> unless given here.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Initial width in columns, 1 to 65535. Default 80.</summary>
    public int Columns { get; init; } = 80;

    /// <summary>Initial height in rows, 1 to 65535. Default 24.</summary>
    public int Rows { get; init; } = 24;
}
