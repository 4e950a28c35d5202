using System.Diagnostics;
using DeskMirror.Pty;
using DeskMirror.Terminal;

namespace DeskMirror.Bench.Terminal;

/// <summary>
/// The rate a PTY delivers a file's content (`cat`, a C producer) to a reader: our PTY library's read thread, with
/// nothing done to the bytes or with every read fed to an emulator on that thread; and util-linux `script` (a C
/// reader) as a reference.
/// </summary>
internal static class PtyRun
{
    public static async Task<(double MiBPerSecond, long Bytes)> MeasureAsync(string file, int repeat, TerminalEmulator? emulator)
    {
        long bytes = 0;
        var command = $"for i in $(seq {repeat}); do cat '{file}'; done";
        var watch = Stopwatch.StartNew();
        await using var pty = PtyProcess.Start(
            new PtyStartInfo { FileName = "/bin/sh", Arguments = ["-c", command], WorkingDirectory = Path.GetTempPath(), Cols = 120, Rows = 40 },
            data =>
            {
                bytes += data.Length;
                emulator?.Feed(data);
            });
        await pty.Exited.WaitAsync(TimeSpan.FromMinutes(10));
        watch.Stop();
        return (bytes / (1024.0 * 1024) / watch.Elapsed.TotalSeconds, bytes);
    }

    public static async Task<double?> MeasureScriptAsync(string file, int repeat, long bytes)
    {
        if (!File.Exists("/usr/bin/script"))
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var command = $"stty cols 120 rows 40; for i in $(seq {repeat}); do cat '{file}'; done";
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/script", ["-qc", command, "/dev/null"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        })!;
        process.StandardInput.Close();
        await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync();
        watch.Stop();
        return bytes / (1024.0 * 1024) / watch.Elapsed.TotalSeconds;
    }
}
