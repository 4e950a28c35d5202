using System.Diagnostics;
using System.Globalization;
using DeskMirror.Bench.Terminal;
using DeskMirror.Terminal;

// The emulator's rate on session-shaped output, against the rate a PTY delivers that output, in one run.
var mebibytes = ReadArg(args, "--mib", 16);
var passes = ReadArg(args, "--passes", 4);
var ptyMebibytes = ReadArg(args, "--pty-mib", 64);
var hex1bMebibytes = ReadArg(args, "--hex1b-mib", 2);
var repeats = ReadArg(args, "--repeat", 2);
const int Chunk = 4096;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Terminal emulator: {mebibytes} MiB per workload × {passes} passes in {Chunk}-byte reads, one thread; {Environment.ProcessorCount} CPUs, .NET {Environment.Version}"));

var workloads = new (string Name, byte[] Data, int Cols, int Rows)[]
{
    ("plain log lines", Workloads.PlainLog(mebibytes << 20), 120, 40),
    ("colourful output", Workloads.Colourful(mebibytes << 20), 120, 40),
    ("full-screen TUI redraws", Workloads.FullScreenRedraw(mebibytes << 20), 120, 40),
};

var folder = Directory.CreateTempSubdirectory("deskmirror-terminal-bench-");
try
{
    Console.WriteLine();
    Console.WriteLine("| workload | emulator MiB/s | emulator MiB per CPU-s | allocated B/MiB | PTY MiB/s (Pty library, `cat`) | `script` MiB/s | emulator ÷ PTY (wall; CPU) | PTY + emulator on the read thread MiB/s | with ÷ without |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    var rates = new List<(string Name, double Emulator)>();
    foreach (var (name, data, columns, rows) in workloads)
    {
        var (rate, cpuRate, allocated) = EmulatorRun.Measure(data, columns, rows, passes, Chunk);

        // The PTY rows cat a file of this workload enough times for about ptyMebibytes.
        var file = Path.Combine(folder.FullName, name.Replace(' ', '-') + ".bin");
        var slice = data.AsSpan(0, Math.Min(data.Length, 4 << 20)).ToArray();
        await File.WriteAllBytesAsync(file, slice);
        var repeat = Math.Max(1, (int)((ptyMebibytes << 20) / slice.Length));
        // Without and with the emulator, interleaved; the best of each, since load on a shared machine only slows.
        double pty = 0, ptyWith = 0;
        long ptyBytes = 0;
        for (var r = 0; r < repeats; r++)
        {
            var without = await PtyRun.MeasureAsync(file, repeat, emulator: null);
            var with = await PtyRun.MeasureAsync(file, repeat, new TerminalEmulator(new TerminalOptions { Cols = columns, Rows = rows }));
            (pty, ptyWith, ptyBytes) = (Math.Max(pty, without.MiBPerSecond), Math.Max(ptyWith, with.MiBPerSecond), without.Bytes);
        }

        var script = await PtyRun.MeasureScriptAsync(file, repeat, ptyBytes);
        rates.Add((name, rate));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate:F0} | {cpuRate:F0} | {allocated:F0} | {pty:F0} | {(script is { } s ? s.ToString("F0", CultureInfo.InvariantCulture) : "n/a")} | {rate / pty:F1}×; {cpuRate / pty:F1}× | {ptyWith:F0} | {ptyWith / pty:F2} |"));
    }

    if (hex1bMebibytes > 0)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Hex1b 0.175.0's terminal on the first {hex1bMebibytes} MiB of each workload (same reads):"));
        Console.WriteLine("| workload | Hex1b MiB/s | DeskMirror.Terminal ÷ Hex1b |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, data, columns, rows) in workloads)
        {
            var part = data.AsSpan(0, Math.Min(data.Length, hex1bMebibytes << 20)).ToArray();
            await Hex1bRun.MeasureAsync(part.AsSpan(0, Math.Min(part.Length, 256 << 10)).ToArray(), columns, rows, Chunk);
            var hex1b = await Hex1bRun.MeasureAsync(part, columns, rows, Chunk);
            var ours = rates.Single(r => r.Name == name).Emulator;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {hex1b:F1} | {ours / hex1b:F0}× |"));
        }
    }

    // A viewer joining: the cost of a snapshot with a full scrollback.
    var full = new TerminalEmulator(new TerminalOptions { Cols = 120, Rows = 40 });
    full.Feed(workloads[1].Data);
    full.CreateSnapshot(5000);
    var watch = Stopwatch.StartNew();
    var snapshot = full.CreateSnapshot(5000);
    watch.Stop();
    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Snapshot of a 120×40 screen with 5,000 coloured scrollback lines: {snapshot.Length / 1024.0:F0} KiB in {watch.Elapsed.TotalMilliseconds:F1} ms."));
}
finally
{
    folder.Delete(recursive: true);
}

static int ReadArg(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
