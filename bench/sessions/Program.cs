using System.Globalization;
using DeskMirror.Bench.Sessions;

// Session output throughput and memory, against the same command writing to /dev/null in the same run.
// --only open|screen|open-browser: just that part (the open benchmarks with --open-gib also measure after 1 GiB of output).
// open-browser (Chromium, the page's CPU slowed) runs only when asked for.
var only = Array.IndexOf(args, "--only") is var onlyAt and >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : "all";
if (only is not ("all" or "open" or "screen" or "open-browser"))
{
    Console.Error.WriteLine($"--only must be open, screen or open-browser (got '{only}')");
    return 2;
}

if (only == "open-browser")
{
    var browserOpens = ReadArg(args, "--browser-opens", 5);
    var cpuRate = ReadArg(args, "--cpu-rate", 4);
    if (browserOpens < 1 || cpuRate < 1)
    {
        Console.Error.WriteLine($"--browser-opens and --cpu-rate must be 1 or more (got {browserOpens} and {cpuRate})");
        return 2;
    }

    return await OpenBrowserBench.RunAsync(args.Contains("--open-gib"), browserOpens, cpuRate) ? 0 : 1;
}

if (only == "open")
{
    return await OpenBench.RunAsync(args.Contains("--open-gib"), ReadArg(args, "--opens", 21)) ? 0 : 1;
}

if (only == "screen")
{
    return await ScreenBench.RunAsync(ReadArg(args, "--screen-mib", 256), ReadArg(args, "--rounds", 3), ReadArg(args, "--idle-sessions", 50), ReadArg(args, "--idle-seconds", 10)) ? 0 : 1;
}

var megabytes = ReadArg(args, "--mib", 1024);
var memoryMegabytes = ReadArg(args, "--memory-mib", 256);
var viewers = ReadArg(args, "--viewers", 10);
var command = $"yes 'DeskMirror session benchmark: the quick brown fox jumps over the lazy dog 0123456789' | head -c {megabytes}M";
var memoryCommand = $"yes 'DeskMirror session benchmark: the quick brown fox jumps over the lazy dog 0123456789' | head -c {memoryMegabytes}M";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sessions: {megabytes} MiB through a PTY session, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}"));
Console.WriteLine($"command: {command}");

await using var target = await BenchServer.StartAsync();

// Warm-up: JIT, first spawn, first WebSocket.
await target.RunSessionAsync("yes | head -c 8M", viewerCount: 1);

var baseline = await BenchServer.RunDevNullAsync(command);
var script = await BenchServer.RunScriptAsync(command);
var noViewer = await target.RunSessionAsync(command, viewerCount: 0);
var oneViewer = await target.RunSessionAsync(command, viewerCount: 1);

Console.WriteLine();
Console.WriteLine("| run | bytes | seconds | MiB/s | ratio to /dev/null |");
Console.WriteLine("|---|---|---|---|---|");
Row("`sh -c 'CMD > /dev/null'` (baseline)", megabytes * 1024L * 1024, baseline);
if (script is { } scriptElapsed)
{
    Row("`script -qc CMD /dev/null > /dev/null` (C reader of a PTY)", megabytes * 1024L * 1024, scriptElapsed);
}

Row("session, no viewer (PTY + ring + log)", noViewer.OutputBytes, noViewer.Elapsed);
Row("session, 1 WebSocket viewer reading all", oneViewer.ViewerBytes, oneViewer.Elapsed);

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Memory with {viewers} WebSocket viewers reading a {memoryMegabytes} MiB session (whole bench process):"));
var memory = await target.RunSessionAsync(memoryCommand, viewerCount: viewers, sampleMemory: true);
Console.WriteLine("| state | RSS MiB | managed heap MiB |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| before the session | {memory.RssBefore / 1048576.0:F1} | {memory.HeapBefore / 1048576.0:F1} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peak while {viewers} viewers read {memory.OutputBytes / 1048576.0:F0} MiB | {memory.PeakRss / 1048576.0:F1} | {memory.PeakHeap / 1048576.0:F1} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"every viewer got every byte: {memory.AllViewersComplete}; {memory.Elapsed.TotalSeconds:F2} s"));

var stalled = await target.RunSessionAsync(memoryCommand, viewerCount: 1, stalledViewers: viewers - 1, sampleMemory: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peak with 1 reading + {viewers - 1} stalled viewers, {stalled.OutputBytes / 1048576.0:F0} MiB | {stalled.PeakRss / 1048576.0:F1} | {stalled.PeakHeap / 1048576.0:F1} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stalled viewers dropped: {stalled.Dropped}; reading viewer complete: {stalled.AllViewersComplete}; {stalled.Elapsed.TotalSeconds:F2} s"));

var screenCost = await ScreenBench.RunAsync(ReadArg(args, "--screen-mib", 256), ReadArg(args, "--rounds", 3), ReadArg(args, "--idle-sessions", 50), ReadArg(args, "--idle-seconds", 10));

var opened = await OpenBench.RunAsync(args.Contains("--open-gib"), ReadArg(args, "--opens", 21));

return oneViewer.AllViewersComplete && memory.AllViewersComplete && stalled.AllViewersComplete && screenCost && opened ? 0 : 1;

void Row(string name, long bytes, TimeSpan elapsed)
{
    var rate = bytes / 1048576.0 / elapsed.TotalSeconds;
    var baseRate = megabytes / baseline.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {bytes} | {elapsed.TotalSeconds:F2} | {rate:F0} | {elapsed.TotalSeconds / baseline.TotalSeconds:F2}x time ({rate / baseRate:F2}x rate) |"));
}

static int ReadArg(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
