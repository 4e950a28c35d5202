using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DeskMirror.Bench.Changes;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Projects;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// GET /project/{id}/changes and one diff through the real AppServer, against the git CLI run directly in the same run,
// plus LibGit2Sharp in process (the alternative the server could have used).
var files = ReadArg(args, "--files", 20_000);
var changed = ReadArg(args, "--changed", 500);
var rounds = ReadArg(args, "--rounds", 15);
var gitVersion = (await BenchRepository.GitAsync(".", "--version")).Trim();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Changes: {files} files, {changed} changed, {rounds} rounds, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}, {gitVersion}"));

var root = Path.Combine(Path.GetTempPath(), "deskmirror-bench-changes-" + Guid.NewGuid().ToString("N"));
try
{
    var setup = Stopwatch.StartNew();
    var (repo, modifiedFile) = await BenchRepository.CreateAsync(root, files, changed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repository made in {setup.Elapsed.TotalSeconds:F1} s: {repo}"));

    var credentials = new ServerCredentials("bench", "bench-password");
    await using var server = await AppServer.StartAsync(new AppServerOptions
    {
        DataDirectory = Path.Combine(root, "data"),
        Credentials = credentials,
        ConfigureBuilder = builder => builder.Logging.ClearProviders(),
    });
    var project = await server.Services.GetRequiredService<IProjectStore>().AddAsync(repo);
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.MirrorEndpoint.Port}/"), Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
    var changesUrl = $"project/{project.Id}/changes";
    var diffUrl = $"project/{project.Id}/changes/diff?path={Uri.EscapeDataString(modifiedFile)}";
    using var library = new Repository(repo);
    var statusOptions = new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = true, IncludeIgnored = false };

    var runs = new (string Name, Func<Task<int>> Run)[]
    {
        ("`git status --porcelain=v2 -z --untracked-files=all` (baseline)", () => Git(repo, "status", "--porcelain=v2", "-z", "--untracked-files=all")),
        ("`git diff HEAD --numstat -z`", () => Git(repo, "diff", "HEAD", "--numstat", "-z")),
        ("GET /project/{id}/changes (mirror listener)", () => GetAsync(http, changesUrl)),
        ("LibGit2Sharp RetrieveStatus", () => Task.FromResult(library.RetrieveStatus(statusOptions).Count())),
        ("LibGit2Sharp RetrieveStatus + line counts", () => Task.FromResult(LibraryChanges(library, statusOptions))),
        ("`git diff HEAD -- <file>` (baseline)", () => Git(repo, "diff", "HEAD", "--", modifiedFile)),
        ("`git diff -- <file>` (index to work tree)", () => Git(repo, "diff", "--", modifiedFile)),
        ("GET /project/{id}/changes/diff?path=<file>", () => GetAsync(http, diffUrl)),
        ("LibGit2Sharp diff of <file>", () => Task.FromResult(LibraryDiff(library, modifiedFile))),
    };

    // Warm-up: JIT, first process start, the OS's file cache; also checks every run works and sees the changes.
    foreach (var (name, run) in runs)
    {
        var size = await run();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up {name}: {size}"));
    }

    // Interleaved rounds, so a burst of load on the shared machine hits every row alike.
    var samples = runs.Select(_ => new List<double>()).ToArray();
    for (var round = 0; round < rounds; round++)
    {
        for (var i = 0; i < runs.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            await runs[i].Run();
            samples[i].Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    Console.WriteLine();
    Console.WriteLine("| run | median ms | p90 ms | ratio to its baseline (median) |");
    Console.WriteLine("|---|---|---|---|");
    for (var i = 0; i < runs.Length; i++)
    {
        var baseline = i < 5 ? 0 : 5;
        var ratio = Median(samples[i]) / Median(samples[baseline]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {runs[i].Name} | {Median(samples[i]):F1} | {Percentile(samples[i], 0.9):F1} | {ratio:F2}x |"));
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"GET /changes/diff against `git diff -- <file>` (what the server runs for an unstaged change, plus its checks): {Median(samples[7]) / Median(samples[6]):F2}x"));
    var statusAndNumstat = Median(samples[0]) + Median(samples[1]);
    Console.WriteLine();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"GET /changes against `git status` + `git diff --numstat` run one after the other: {Median(samples[2]) / statusAndNumstat:F2}x"));
    return 0;
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
        // Cleaned by the OS later.
    }
}

static async Task<int> Git(string repo, params string[] arguments) => (await BenchRepository.GitAsync(repo, arguments)).Length;

static async Task<int> GetAsync(HttpClient http, string url)
{
    using var response = await http.GetAsync(url);
    var body = await response.Content.ReadAsByteArrayAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
    }

    return body.Length;
}

static int LibraryChanges(Repository repository, StatusOptions options)
{
    var status = repository.RetrieveStatus(options);
    var stats = repository.Diff.Compare<PatchStats>(repository.Head.Tip.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory);
    return status.Count() + stats.TotalLinesAdded;
}

static int LibraryDiff(Repository repository, string path)
    => repository.Diff.Compare<Patch>(repository.Head.Tip.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, [path]).Content.Length;

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}

static int ReadArg(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
