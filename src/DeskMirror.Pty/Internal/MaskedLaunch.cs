namespace DeskMirror.Pty.Internal;

/// <summary>
/// Starts a program with a file-creation mask of its own. posix_spawn has no umask attribute, and umask() is
/// process-wide: setting it around the spawn would give every file another thread creates meanwhile the child's
/// mask. So the child is <c>/bin/sh</c>, which sets the mask and execs the program in place (same pid, session
/// and terminal; <c>ps</c> shows the program once it runs). The program and its arguments travel as the
/// shell's positional parameters, never inside the script, so nothing in them is ever parsed by the shell.
/// </summary>
internal static class MaskedLaunch
{
    internal const string Shell = "/bin/sh";

    /// <summary>The largest mask: every permission bit, 0777.</summary>
    internal const int MaxMask = 0x1FF;

    /// <summary>What to spawn instead of <paramref name="executable"/> with <paramref name="arguments"/> (argv[1..]).</summary>
    internal static (string Executable, List<string> Argv) Wrap(string executable, IReadOnlyList<string> arguments, int mask)
    {
        var script = "umask " + Convert.ToString(mask, 8).PadLeft(4, '0') + " && exec \"$0\" \"$@\"";
        var argv = new List<string>(arguments.Count + 4) { "sh", "-c", script, executable };
        argv.AddRange(arguments);
        return (Shell, argv);
    }
}
