using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sessions;
using DeskMirror.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Bench.Sessions;

/// <summary>A real AppServer in a temp folder; sessions are created through the manager, viewed over real WebSockets.</summary>
internal sealed partial class BenchServer : IAsyncDisposable
{
    private static readonly ServerCredentials Credentials = new("bench", "bench-password");
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    private readonly AppServer _server;
    private readonly string _directory;
    private readonly string _projectId;

    private BenchServer(AppServer server, string directory, string projectId)
    {
        _server = server;
        _directory = directory;
        _projectId = projectId;
    }

    /// <summary>Starts the server; <paramref name="withUi"/> adds the web UI, as the desktop serves it, for a browser.</summary>
    public static async Task<BenchServer> StartAsync(Action<SessionOptions>? configure = null, bool withUi = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "deskmirror-bench-sessions-" + Guid.NewGuid().ToString("N"));
        var project = Directory.CreateDirectory(Path.Combine(directory, "project")).FullName;
        var server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = directory,
            Credentials = Credentials,
            ConfigureBuilder = builder =>
            {
                builder.Logging.ClearProviders();
                if (configure is not null)
                {
                    builder.Services.Configure(configure);
                }

                if (withUi)
                {
                    builder.AddDeskMirrorUi();
                }
            },
            ConfigureApp = withUi ? app => app.MapDeskMirrorUi() : null,
        });
        var added = await server.Services.GetRequiredService<IProjectStore>().AddAsync(project);
        return new BenchServer(server, directory, added.Id);
    }

    /// <summary>The baseline: the same command line, its output to /dev/null, no PTY, no server.</summary>
    public static async Task<TimeSpan> RunDevNullAsync(string command)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command + " > /dev/null"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return watch.Elapsed;
    }

    /// <summary>
    /// A second reference: util-linux <c>script</c>, a C program reading a PTY master, with its output to /dev/null.
    /// It shows what the kernel's PTY itself allows on this machine. Null when <c>script</c> is not installed.
    /// </summary>
    public static async Task<TimeSpan?> RunScriptAsync(string command)
    {
        // The command is ours and holds no double quote.
        if (!File.Exists("/usr/bin/script"))
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"script -qc \"{command}\" /dev/null > /dev/null"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return watch.Elapsed;
    }

    public async Task<SessionRun> RunSessionAsync(string command, int viewerCount, int stalledViewers = 0, bool sampleMemory = false)
    {
        var manager = _server.Services.GetRequiredService<ISessionManager>();
        var rssBefore = Rss();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        // The session waits for a line, so every viewer is attached before the first byte.
        var created = await manager.CreateAsync(new CreateSessionRequest(_projectId, SessionKind.Task, "read go; " + command, "bench", false, 200, 50));
        var session = created.Value ?? throw new InvalidOperationException(created.Error!.Message);
        var stalled = new List<ClientWebSocket>();
        for (var i = 0; i < stalledViewers; i++)
        {
            stalled.Add(await ConnectAsync(session.Id));
        }

        var readers = new List<ClientWebSocket>();
        for (var i = 0; i < viewerCount; i++)
        {
            readers.Add(await ConnectAsync(session.Id));
        }

        using var stop = new CancellationTokenSource();
        long peakRss = rssBefore, peakHeap = heapBefore;
        var sampler = sampleMemory
            ? Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(SampleInterval);
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                {
                    peakRss = Math.Max(peakRss, Rss());
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                }
            })
            : Task.CompletedTask;

        var watch = Stopwatch.StartNew();
        if (await manager.WriteInputAsync(session.Id, Encoding.ASCII.GetBytes("go\r")) is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }

        var counts = await Task.WhenAll(readers.Select(ReadAllAsync));
        while (manager.Find(session.Id)!.Status == SessionStatus.Running)
        {
            // Without a viewer nothing signals the end here; the manager records it within moments.
            await Task.Delay(5);
        }

        var elapsed = watch.Elapsed;
        await stop.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
        }

        var output = await OutputLengthAsync(session.Id);

        // A stalled viewer that was dropped finds its connection cut when it finally reads.
        var dropped = 0;
        foreach (var socket in stalled)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await ReadAllAsync(socket).WaitAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                dropped++;
            }

            socket.Dispose();
        }

        foreach (var socket in readers)
        {
            socket.Dispose();
        }

        if (await manager.RemoveAsync(session.Id) is { } notRemoved)
        {
            throw new InvalidOperationException(notRemoved.Message);
        }

        return new SessionRun(elapsed, output, counts.Length == 0 ? 0 : counts[0], counts.All(c => c == output), dropped, rssBefore, heapBefore, peakRss, peakHeap);
    }

    private async Task<long> OutputLengthAsync(string id)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.DesktopEndpoint.Port}") };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.Username}:{Credentials.Password}")));
        using var response = await client.GetAsync($"/session/{id}/output?from=0", HttpCompletionOption.ResponseHeadersRead);
        return long.Parse(response.Headers.GetValues(SessionApi.OutputLengthHeader).Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<ClientWebSocket> ConnectAsync(string id)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.Username}:{Credentials.Password}")));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.MirrorEndpoint.Port}/session/{id}/stream?raw=1&from=0"), CancellationToken.None);
        return socket;
    }

    private static async Task<long> ReadAllAsync(ClientWebSocket socket)
    {
        var buffer = new byte[128 * 1024];
        long total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return total;
            }

            total += result.Count;
        }
    }

    private static long Rss()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Starts <paramref name="count"/> sessions that sleep (running, quiet, not reading); stop them with the server.</summary>
    public async Task StartIdleSessionsAsync(int count)
    {
        var manager = _server.Services.GetRequiredService<ISessionManager>();
        for (var i = 0; i < count; i++)
        {
            var created = await manager.CreateAsync(new CreateSessionRequest(_projectId, SessionKind.Task, "echo idle; sleep 600", "idle", false, 80, 24));
            _ = created.Value ?? throw new InvalidOperationException(created.Error!.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
