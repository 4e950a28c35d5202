using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Bench.SseFanout;

/// <summary>The real AppServer: clients on the mirror listener's <c>/event</c>, events through <see cref="IEventBus"/>.</summary>
internal sealed class AppServerTarget : ISseTarget
{
    private readonly AppServer _server;
    private readonly IEventBus _bus;
    private readonly string _directory;

    private AppServerTarget(AppServer server, string directory)
    {
        _server = server;
        _directory = directory;
        _bus = server.Services.GetRequiredService<IEventBus>();
    }

    public string Name => "AppServer /event";

    public int Port => _server.MirrorEndpoint.Port;

    public string? Authorization { get; } = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("bench:bench-password"));

    public static async Task<AppServerTarget> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "deskmirror-bench-" + Guid.NewGuid().ToString("N"));
        var server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = directory,
            Credentials = new ServerCredentials("bench", "bench-password"),
            ConfigureBuilder = builder => builder.Logging.ClearProviders(),
        });
        return new AppServerTarget(server, directory);
    }

    public ValueTask PublishAsync(int seq)
    {
        // A real event of the catalogue that everyone receives, its id carrying the sequence and the publish time.
        _bus.Publish(new ProjectChangesEvent(string.Create(CultureInfo.InvariantCulture, $"{seq}-{Stopwatch.GetTimestamp()}")));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
