namespace DeskMirror.Cli;

/// <summary>Process exit codes of every deskmirror command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked (a server stopped by Ctrl-C or SIGTERM included).</summary>
    public const int Ok = 0;

    /// <summary>Something failed while running: the cause is printed on stderr.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a malformed or missing argument, a port out of range, an address already in use.</summary>
    public const int Usage = 2;

    /// <summary><c>status</c> and <c>pair</c>: no DeskMirror is running (the LSB convention for "not running").</summary>
    public const int NotRunning = 3;
}
