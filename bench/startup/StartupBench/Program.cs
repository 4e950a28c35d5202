using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

// Startup benchmark: wall time from starting `dotnet deskmirror.dll` to its LAN mirror port accepting a TCP
// connection, as a ratio to `dotnet DeskMirror.Bench.EmptyApp.dll` running to its exit, both measured in
// this run, interleaved, same invocation. Usage: DeskMirror.Bench.Startup [runs] (default 7).
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
var folder = AppContext.BaseDirectory;
var deskmirror = Path.Combine(folder, "deskmirror.dll");
var empty = Path.Combine(folder, "DeskMirror.Bench.EmptyApp.dll");
var kestrel = Path.Combine(folder, "DeskMirror.Bench.KestrelApp.dll");
var scratch = Directory.CreateTempSubdirectory("deskmirror-startup-");

try
{
    // One untimed round of each warms the OS file cache, as on a machine where DeskMirror was run before.
    await RunEmptyAsync();
    await RunDeskMirrorAsync(fresh: true);

    var baseline = new List<double>();
    var bareKestrel = new List<double>();
    var warm = new List<double>();
    var cold = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        baseline.Add(await RunEmptyAsync());
        bareKestrel.Add(await RunUntilAcceptingAsync(kestrel, port => [port.ToString(CultureInfo.InvariantCulture)], null));
        warm.Add(await RunDeskMirrorAsync(fresh: false));
        cold.Add(await RunDeskMirrorAsync(fresh: true));
    }

    var b = Median(baseline);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runs: {runs} of each, interleaved; medians; {Environment.ProcessorCount} cores"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline  dotnet empty console program, start to exit:        {b,7:0} ms   1.00"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference minimal ASP.NET Core app, start to accepting:    {Median(bareKestrel),7:0} ms   {Median(bareKestrel) / b:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deskmirror start to mirror accepting, existing data folder: {Median(warm),7:0} ms   {Median(warm) / b:0.00}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deskmirror start to mirror accepting, first start (new DB): {Median(cold),7:0} ms   {Median(cold) / b:0.00}"));
    return 0;
}
finally
{
    scratch.Delete(recursive: true);
}

async Task<double> RunEmptyAsync()
{
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(new ProcessStartInfo(dotnet, [empty]) { UseShellExecute = false })!;
    await process.WaitForExitAsync();
    return clock.Elapsed.TotalMilliseconds;
}

Task<double> RunDeskMirrorAsync(bool fresh)
{
    var home = fresh ? scratch.CreateSubdirectory(Guid.NewGuid().ToString("N")).FullName : Path.Combine(scratch.FullName, "warm");
    return RunUntilAcceptingAsync(
        deskmirror,
        port => ["--no-open", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--config", Path.Combine(home, "settings.json"), "--data-dir", Path.Combine(home, "data")],
        new Dictionary<string, string> { ["DESKMIRROR_USERNAME"] = "bench", ["DESKMIRROR_PASSWORD"] = "bench-password" });
}

// Starts `dotnet DLL ARGS`, times until a TCP connect to the port succeeds, then SIGTERM (not timed).
async Task<double> RunUntilAcceptingAsync(string dll, Func<int, string[]> arguments, Dictionary<string, string>? environment)
{
    var port = FreePort();
    var start = new ProcessStartInfo(dotnet)
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    start.ArgumentList.Add(dll);
    foreach (var arg in arguments(port))
    {
        start.ArgumentList.Add(arg);
    }

    foreach (var (name, value) in environment ?? [])
    {
        start.Environment[name] = value;
    }

    start.Environment.Remove("DISPLAY");
    start.Environment.Remove("WAYLAND_DISPLAY");

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    while (!await AcceptsAsync(port))
    {
        if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new InvalidOperationException($"{Path.GetFileName(dll)} did not start: {string.Concat(await drain)}");
        }

        await Task.Delay(2);
    }

    var elapsed = clock.Elapsed.TotalMilliseconds;
    using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
    {
        await term.WaitForExitAsync();
    }

    await process.WaitForExitAsync();
    await drain;
    return elapsed;
}

static async Task<bool> AcceptsAsync(int port)
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    try
    {
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return true;
    }
    catch (SocketException)
    {
        return false;
    }
}

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
