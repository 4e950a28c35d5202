using System.Diagnostics;
using System.Globalization;

namespace DeskMirror.Bench.Sessions;

/// <summary>
/// How long opening a session's view takes after it printed 1 KiB, 1 MiB, 100 MiB and (optionally) 1 GiB: from the
/// start of the WebSocket connect to the last byte of the first snapshot, as the browser's framed viewer opens it.
/// Each size is opened many times (median), alternating between the sessions so a noisy moment hits every size.
/// </summary>
internal static class OpenBench
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    public static async Task<bool> RunAsync(bool includeGiB, int opens)
    {
        List<(string Name, long Bytes)> sizes = [("1 KiB", KiB), ("1 MiB", MiB), ("100 MiB", 100 * MiB)];
        if (includeGiB)
        {
            sizes.Add(("1 GiB", 1024 * MiB));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Opening a session's view (connect to the last byte of the first snapshot), median of {opens} opens per size, sessions 120×40 with coloured lines"));
        await using var server = await BenchServer.StartAsync();
        var sessions = new List<(string Name, string Id, long Output)>();
        foreach (var (name, bytes) in sizes)
        {
            var watch = Stopwatch.StartNew();
            var (id, output) = await server.StartPrintedSessionAsync(bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {output} bytes of output, printed and on the server's screen in {watch.Elapsed.TotalSeconds:F1} s"));
            sessions.Add((name, id, output));
        }

        // Warm-up: JIT and the first connections.
        foreach (var session in sessions)
        {
            for (var i = 0; i < 3; i++)
            {
                await server.OpenViewAsync(session.Id);
            }
        }

        var times = sessions.Select(_ => new List<double>()).ToList();
        var snapshotBytes = new long[sessions.Count];
        for (var round = 0; round < opens; round++)
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                var open = await server.OpenViewAsync(sessions[i].Id);
                times[i].Add(open.Elapsed.TotalMilliseconds);
                snapshotBytes[i] = open.SnapshotBytes;
            }
        }

        var medians = times.Select(Median).ToList();
        var oneMiB = sessions.FindIndex(s => s.Name == "1 MiB");
        Console.WriteLine("| output before opening | snapshot bytes | open, ms (median) | p90 ms | ratio to 1 KiB (goal ≤ 1.5) | ratio to 1 MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < sessions.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {sessions[i].Name} | {snapshotBytes[i]} | {medians[i]:F2} | {Percentile(times[i], 0.9):F2} | {medians[i] / medians[0]:F2} | {medians[i] / medians[oneMiB]:F2} |"));
        }

        return snapshotBytes.All(b => b > 0);
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double at)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(at * (sorted.Count - 1)))];
    }
}
