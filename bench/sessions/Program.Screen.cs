using System.Diagnostics;
using System.Globalization;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Bench.Sessions;

/// <summary>
/// What the server's screen and attention detection cost: the same session run with the screen off, the screen on,
/// and the screen plus attention on, interleaved (best of the rounds, since the machine may be shared); and the
/// CPU of the attention timer watching 50 quiet sessions, against the same 50 sessions with detection off.
/// </summary>
internal static class ScreenBench
{
    public static async Task<bool> RunAsync(int megabytes, int rounds, int idleSessions, int idleSeconds)
    {
        var command = $"yes \"$(printf 'DeskMirror session benchmark: \\033[1;32mthe quick brown fox\\033[0m jumps over the lazy dog 0123456789')\" | head -c {megabytes}M";
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Screen and attention cost: {megabytes} MiB through a PTY session, best of {rounds} interleaved rounds"));
        await using var off = await BenchServer.StartAsync(o => { o.FollowScreen = false; Quiet(o); });
        await using var screen = await BenchServer.StartAsync(Quiet);
        await using var attention = await BenchServer.StartAsync();
        await off.RunSessionAsync("yes | head -c 8M", viewerCount: 0);
        await screen.RunSessionAsync("yes | head -c 8M", viewerCount: 0);
        await attention.RunSessionAsync("yes | head -c 8M", viewerCount: 0);

        // Wall-clock rate (best of the rounds) and the bench process's CPU per MiB (least of the rounds): on a shared
        // machine the rate moves with the load, the CPU each MiB costs the server far less.
        var best = new double[3];
        var cpu = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
        using var self = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            var servers = new[] { off, screen, attention };
            for (var i = 0; i < servers.Length; i++)
            {
                self.Refresh();
                var before = self.TotalProcessorTime;
                var run = await servers[i].RunSessionAsync(command, viewerCount: 0);
                self.Refresh();
                var mib = run.OutputBytes / 1048576.0;
                best[i] = Math.Max(best[i], mib / run.Elapsed.TotalSeconds);
                cpu[i] = Math.Min(cpu[i], (self.TotalProcessorTime - before).TotalMilliseconds / mib);
            }
        }

        Console.WriteLine("| run | MiB/s (best) | ratio | server CPU ms per MiB (least) |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| screen off, attention off | {best[0]:F1} | 1.00 | {cpu[0]:F2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| screen on (emulator follows the output) | {best[1]:F1} | {best[1] / best[0]:F2} (goal ≥ 0.95) | {cpu[1]:F2} (+{cpu[1] - cpu[0]:F2} for the screen) |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| screen on, attention on | {best[2]:F1} | {best[2] / best[1]:F2} to screen on (goal ≥ 0.95) | {cpu[2]:F2} |"));
        if (idleSessions == 0)
        {
            return best[1] > 0;
        }

        var watched = await IdleCpuAsync(idleSessions, idleSeconds);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Attention timer with {idleSessions} quiet running sessions (poll every {new AttentionOptions().PollInterval.TotalMilliseconds} ms), whole bench process over {idleSeconds} s:"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| detection on | {watched.On:F2} % of one core |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| detection off (same sessions) | {watched.Off:F2} % of one core |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| cost of /proc polling | {watched.On - watched.Off:F2} % of one core |"));
        return best[1] > 0;
    }

    private static void Quiet(SessionOptions options)
    {
        options.Attention.InputAfter = TimeSpan.Zero;
        options.Attention.IdleAfter = TimeSpan.Zero;
    }

    private static async Task<(double On, double Off)> IdleCpuAsync(int sessions, int seconds)
    {
        double on;
        await using (var watching = await BenchServer.StartAsync())
        {
            await watching.StartIdleSessionsAsync(sessions);
            on = await CpuPercentAsync(seconds);
        }

        await using var quiet = await BenchServer.StartAsync(Quiet);
        await quiet.StartIdleSessionsAsync(sessions);
        var off = await CpuPercentAsync(seconds);
        return (on, off);
    }

    private static async Task<double> CpuPercentAsync(int seconds)
    {
        // Let the spawns settle before measuring.
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        self.Refresh();
        return (self.TotalProcessorTime - cpu).TotalSeconds / watch.Elapsed.TotalSeconds * 100;
    }
}
