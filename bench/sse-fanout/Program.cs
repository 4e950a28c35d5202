using System.Diagnostics;
using System.Globalization;
using DeskMirror.Bench.SseFanout;

// SSE fan-out: N subscribers on loopback, a burst of events, delivery latency and completeness,
// for the real AppServer and for a bare Kestrel baseline in the same run.
var clients = ReadArg(args, "--clients", 1000);
var events = ReadArg(args, "--events", 100);
var rounds = ReadArg(args, "--rounds", 3);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SSE fan-out: {clients} subscribers, {rounds} bursts of {events} events, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}"));

var baseline = await Runner.RunAsync(await BaselineTarget.StartAsync(), clients, events, rounds);
var server = await Runner.RunAsync(await AppServerTarget.StartAsync(), clients, events, rounds);

Console.WriteLine();
Console.WriteLine("| server | burst: delivered | p50 ms | p99 ms | max ms | drained ms | single event: p50 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var result in new[] { baseline, server })
{
    Console.WriteLine(result.ToMarkdownRow());
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio AppServer/baseline: burst p50 {server.P50Ms / baseline.P50Ms:F2}x, p99 {server.P99Ms / baseline.P99Ms:F2}x, drain {server.DrainMs / baseline.DrainMs:F2}x; single event p50 {server.SingleP50Ms / baseline.SingleP50Ms:F2}x, p99 {server.SingleP99Ms / baseline.SingleP99Ms:F2}x"));
return server.Delivered == server.Expected && baseline.Delivered == baseline.Expected ? 0 : 1;

static int ReadArg(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Connects the clients, runs a warm-up burst and the measured bursts, and summarises.</summary>
internal static class Runner
{
    /// <summary>Clients connected at once; keeps the accept backlog from overflowing (which costs a 1 s SYN retry).</summary>
    private const int ConnectBatch = 100;

    /// <summary>Events sent one at a time after the bursts.</summary>
    private const int SingleEvents = 20;

    private static readonly TimeSpan BurstTimeout = TimeSpan.FromSeconds(120);

    public static async Task<BenchResult> RunAsync(ISseTarget target, int clientCount, int events, int rounds)
    {
        await using var owned = target;
        using var cts = new CancellationTokenSource();
        var clients = new SseClient[clientCount];
        var loops = new List<Task>(clientCount);
        for (var start = 0; start < clientCount; start += ConnectBatch)
        {
            var batch = new List<Task>();
            for (var i = start; i < Math.Min(clientCount, start + ConnectBatch); i++)
            {
                clients[i] = new SseClient();
                loops.Add(clients[i].RunAsync(target.Port, target.Authorization, cts.Token));
                batch.Add(clients[i].Ready);
            }

            await Task.WhenAll(batch).WaitAsync(BurstTimeout);
        }

        await BurstAsync(target, clients, 20);
        var latencies = new List<long>(clientCount * events * rounds);
        long delivered = 0;
        double drainMs = 0;
        for (var round = 0; round < rounds; round++)
        {
            var (drain, _) = await BurstAsync(target, clients, events);
            drainMs = Math.Max(drainMs, drain);
            foreach (var client in clients)
            {
                delivered += client.Received;
                foreach (var latency in client.Latencies)
                {
                    latencies.Add(latency);
                }
            }
        }

        // One event at a time, each published after the previous reached everyone: the per-event cost
        // without any batching of a burst.
        var single = new List<long>(clientCount * SingleEvents);
        for (var i = 0; i < SingleEvents; i++)
        {
            await BurstAsync(target, clients, 1);
            foreach (var client in clients)
            {
                foreach (var latency in client.Latencies)
                {
                    single.Add(latency);
                }
            }
        }

        single.Sort();
        await cts.CancelAsync();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        await Task.WhenAll(loops.Select(l => l.ContinueWith(static _ => { }, TaskScheduler.Default)));
        latencies.Sort();
        return new BenchResult(
            target.Name, (long)clientCount * events * rounds, delivered, Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(latencies, 1.0), drainMs,
            Percentile(single, 0.50), Percentile(single, 0.99));
    }

    private static async Task<(double DrainMs, bool Complete)> BurstAsync(ISseTarget target, SseClient[] clients, int events)
    {
        foreach (var client in clients)
        {
            client.Expect(events);
        }

        var started = Stopwatch.GetTimestamp();
        for (var seq = 0; seq < events; seq++)
        {
            await target.PublishAsync(seq);
        }

        var all = Task.WhenAll(clients.Select(c => c.Done));
        var complete = await Task.WhenAny(all, Task.Delay(BurstTimeout)) == all;
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, complete);
    }

    private static double Percentile(List<long> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1);
        return sorted[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>One server's figures.</summary>
internal sealed record BenchResult(
    string Name, long Expected, long Delivered, double P50Ms, double P99Ms, double MaxMs, double DrainMs, double SingleP50Ms, double SingleP99Ms)
{
    public string ToMarkdownRow()
        => string.Create(CultureInfo.InvariantCulture, $"| {Name} | {Delivered}/{Expected} | {P50Ms:F1} | {P99Ms:F1} | {MaxMs:F1} | {DrainMs:F1} | {SingleP50Ms:F1} | {SingleP99Ms:F1} |");
}
