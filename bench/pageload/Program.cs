using System.Globalization;
using DeskMirror.Bench.PageLoad;
using DeskMirror.TestSupport;
using Microsoft.Playwright;

// A phone's load of a session page through the real desktop's mirror (its proxy, then Kestrel), plain HTTP and
// HTTPS on the one mirror port, against the same page on the desktop listener, interleaved in one run.
string[] valued = ["--reps", "--warmup", "--out", "--md"];
for (var i = 0; i < args.Length; i++)
{
    if (valued.Contains(args[i]) && i + 1 < args.Length)
    {
        i++;
    }
    else if (args[i] != "--no-tls")
    {
        await Console.Error.WriteLineAsync($"unknown or incomplete option '{args[i]}' (options: --reps N, --warmup N, --no-tls, --out FILE.json, --md FILE.md)");
        return 2;
    }
}

var reps = ReadInt(args, "--reps", 7);
var warmup = ReadInt(args, "--warmup", 1);
var withTls = !args.Contains("--no-tls");
var jsonPath = ReadText(args, "--out", null) ?? "/tmp/pageload-bench.json";
var mdPath = ReadText(args, "--md", null) ?? "/tmp/pageload-bench.md";
if (reps < 1 || warmup < 0)
{
    await Console.Error.WriteLineAsync("--reps must be at least 1 and --warmup at least 0");
    return 2;
}

var machine = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
var loadBefore = LoadAverage();
const string Marker = "pageload-ready";

await using var desktop = await DeskMirrorHost.StartAsync();
var project = await desktop.AddProjectAsync("bench");
// The format string keeps the marker itself out of the command line, should the terminal echo it.
var session = await desktop.CreateSessionAsync(project, "printf 'pageload-%s\\n' ready; sleep 3600", "pageload", mirrorInput: false);
var deadline = DateTime.UtcNow.AddSeconds(20);
while (!(await desktop.ReadOutputAsync(session)).Contains(Marker, StringComparison.Ordinal))
{
    // The API offers no wait for output; the session prints its line within milliseconds of starting.
    if (DateTime.UtcNow > deadline)
    {
        throw new TimeoutException("the session did not print its line within 20 s");
    }

    await Task.Delay(50);
}

var mirrorHttp = desktop.MirrorBase;
var mirrorHttps = new UriBuilder(desktop.MirrorBase) { Scheme = Uri.UriSchemeHttps }.Uri;
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
});

var targets = new List<(string Variant, Uri Page, string State)>
{
    (Report.Desktop, new Uri(desktop.DesktopBase, $"s/{session}"), await LoadProbe.SignInAsync(browser, desktop.DesktopLaunchUrl, withPassword: false)),
    ("mirror-http", new Uri(mirrorHttp, $"s/{session}"), await LoadProbe.SignInAsync(browser, mirrorHttp, withPassword: true)),
};
if (withTls)
{
    targets.Add(("mirror-https", new Uri(mirrorHttps, $"s/{session}"), await LoadProbe.SignInAsync(browser, mirrorHttps, withPassword: true)));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PageLoad: {reps} repetitions (+{warmup} warm-up) of {string.Join(", ", targets.Select(t => t.Variant))}; {machine}; load {loadBefore}"));
var runs = new List<IReadOnlyList<LoadResult>>();
for (var rep = -warmup; rep < reps; rep++)
{
    // Interleaved, and the order turns each repetition so no variant always follows the same one.
    var order = Enumerable.Range(0, targets.Count).Select(i => targets[(i + rep + warmup) % targets.Count]).ToList();
    var run = new List<LoadResult>();
    foreach (var (variant, page, state) in order)
    {
        var result = await LoadProbe.RunAsync(browser, variant, page, state, Marker);
        run.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(rep < 0 ? "warm-up" : $"rep {rep + 1}"),-8} {variant,-13} conn {result.Connections,2}/{result.TcpEstablished,2}  tcp {result.TcpBytesDown,8} B  req {result.Requests,3}  http {result.HttpBytesDown,8} B  ws {result.WebSocketBytesDown,7} B  dcl {result.DomContentLoadedMs,6} ms  stream {result.SessionStreamOpenMs,6} ms  output {result.FirstOutputMs,6} ms"));
    }

    if (rep >= 0)
    {
        runs.Add(run);
    }
}

var report = Report.Build([.. targets.Select(t => t.Variant)], runs, machine, loadBefore, LoadAverage());
var markdown = Report.ToMarkdown(report);
await File.WriteAllTextAsync(jsonPath, Report.ToJson(report));
await File.WriteAllTextAsync(mdPath, markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"written: {jsonPath}, {mdPath}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static int ReadInt(string[] args, string name, int fallback)
{
    var text = ReadText(args, name, null);
    if (text is null)
    {
        return fallback;
    }

    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
    {
        Console.Error.WriteLine($"{name} takes a whole number, not '{text}'");
        Environment.Exit(2);
    }

    return value;
}

static string? ReadText(string[] args, string name, string? fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
