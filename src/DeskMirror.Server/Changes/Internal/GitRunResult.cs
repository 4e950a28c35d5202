namespace DeskMirror.Server.Changes.Internal;

/// <summary>The outcome of one git run: its standard output up to the cap, and the start of its standard error.</summary>
internal sealed record GitRunResult(GitRunStatus Status, int ExitCode, byte[] Output, bool OutputCut, string Error)
{
    /// <summary>The first line git wrote to standard error, for a problem's detail.</summary>
    public string FirstErrorLine
    {
        get
        {
            var line = Error.AsSpan().Trim();
            var end = line.IndexOf('\n');
            return (end < 0 ? line : line[..end]).Trim().ToString();
        }
    }
}
