namespace DeskMirror.Pty.Tests;

/// <summary>Starts `/bin/sh -c script` under a PTY in a temp folder, collecting output.</summary>
internal static class Pty
{
    public static (PtyProcess Process, OutputCollector Output) Shell(string script, int cols = 80, int rows = 24, string? directory = null)
    {
        var output = new OutputCollector();
        var process = PtyProcess.Start(
            new PtyStartInfo
            {
                FileName = "sh",
                Arguments = ["-c", script],
                WorkingDirectory = directory ?? Path.GetTempPath(),
                Cols = cols,
                Rows = rows,
            },
            output.Append);
        return (process, output);
    }
}
