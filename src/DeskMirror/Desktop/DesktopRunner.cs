using System.Security.Cryptography;
using DeskMirror.Cli;
using DeskMirror.Credentials;
using DeskMirror.Internal;
using DeskMirror.Runtime;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Storage;
using DeskMirror.Settings;
using DeskMirror.Status;
using DeskMirror.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace DeskMirror.Desktop;

/// <summary>
/// The desktop's whole life: settings and credentials, the app server, then the mirror proxy, the status,
/// the browser; on Ctrl-C, SIGTERM or a quit from the UI the proxy stops first (no new LAN connections),
/// then the server (sessions end, the store closes), then the runtime state file goes.
/// </summary>
internal static class DesktopRunner
{
    public static async Task<int> RunAsync(DesktopRunOptions options, TextWriter output, CancellationToken stopRequested)
    {
        var store = new SettingsStore(options.ConfigPath ?? DeskMirrorPaths.DefaultSettingsFile());
        var loaded = store.Load();
        if (loaded.Warning is not null)
        {
            output.WriteLine(loaded.Warning);
        }

        var effective = loaded.Settings.OverriddenBy(options.Flags);
        var resolver = new CredentialResolver(new CredentialResolverOptions());
        ResolvedCredentials credentials;
        try
        {
            credentials = await resolver.ResolveAsync(effective, store, stopRequested);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        if (resolver.LoginShellProblem is { } shellProblem)
        {
            output.WriteLine($"note: {shellProblem}");
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DeskMirrorPaths.DefaultDataDirectory());
        DataFolder.Create(dataDirectory);
        var runtimeFile = new RuntimeStateFile(dataDirectory);
        var previous = runtimeFile.Read();
        if (previous is not null && previous.Pid != Environment.ProcessId && RuntimeStateFile.IsAlive(previous))
        {
            output.WriteLine($"note: another DeskMirror (pid {previous.Pid}) uses this data folder");
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var context = new DesktopContext
        {
            Store = store,
            Effective = effective,
            Credentials = credentials,
            DataDirectory = dataDirectory,
            RuntimeFile = runtimeFile,
            PreviousState = previous,
            ControlSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            StartedAt = DateTimeOffset.Now,
            ProcessStartTicks = ProcessInfo.CurrentStartTicks(),
            Output = output,
            LoggerFactory = loggerFactory,
            Logger = loggerFactory.CreateLogger("DeskMirror.Desktop"),
        };

        await using var controller = new MirrorController(context);
        AppServer server;
        try
        {
            server = await AppServer.StartAsync(new AppServerOptions
            {
                DataDirectory = dataDirectory,
                Credentials = credentials.ToServerCredentials(),
                AllowedHosts = effective.AllowedHosts ?? [],
                ConfigureBuilder = builder => ConfigureServices(builder, controller),
                ConfigureApp = app =>
                {
                    app.MapControlEndpoints(controller, context.ControlSecret);
                    app.MapDeskMirrorUi();
                },
            }, stopRequested);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            // Ctrl-C while starting: nothing to stop yet.
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"deskmirror: the app server could not start: {ex.Message}");
            return ExitCodes.Failure;
        }

        try
        {
            controller.Attach(server);
            await controller.StartIfEnabledAsync(stopRequested);
            var status = controller.GetMirrorStatus();
            var launchUrl = controller.CreateLaunchUrl();
            StatusPrinter.Write(output, new StatusReport(
                status,
                launchUrl,
                status.State == MirrorState.Serving ? controller.CreatePairingUrl() : null,
                credentials.UsernameSource.ToString(),
                credentials.PasswordSource.ToString()));
            if (!options.NoOpen)
            {
                // The printed launch link stays unused and valid for the user; the browser gets its own.
                output.WriteLine(BrowserLauncher.Open(controller.CreateLaunchUrl()));
            }

            output.WriteLine("Press Ctrl-C to stop.");
            output.Flush();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopRequested, controller.QuitRequested);
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            // Ctrl-C while the mirror was starting: shut down like any other stop.
        }
        finally
        {
            await ShutdownAsync(controller, server, runtimeFile, options.ShutdownBudget, output);
        }

        return ExitCodes.Ok;
    }

    private static void ConfigureServices(WebApplicationBuilder builder, MirrorController controller)
    {
        builder.Services.AddSingleton<IDesktopControl>(controller);
        builder.Services.RemoveAll<IHostLifetime>();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        // Our terminal shows the status block; the server speaks only when something is wrong, on stderr, one line each.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        // The keys sit in the 0600 data folder; "stored unencrypted" is expected there, not a warning for the user.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.AddDeskMirrorUi();
    }

    private static async Task ShutdownAsync(MirrorController controller, AppServer server, RuntimeStateFile runtimeFile, TimeSpan budget, TextWriter output)
    {
        output.WriteLine("Stopping…");
        // The proxy may use its grace period; the server gets the rest, less a margin for the last steps.
        using var deadline = new CancellationTokenSource(budget - MirrorController.ProxyStopGracePeriod - TimeSpan.FromMilliseconds(500));
        await controller.StopAsync();
        try
        {
            await server.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("the app server did not stop in time; exiting anyway");
        }

        await server.DisposeAsync();
        runtimeFile.DeleteIfOwnedBy(Environment.ProcessId);
        output.WriteLine("Stopped.");
    }
}
