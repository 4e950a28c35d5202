using System.Security.Cryptography;
using DeskMirror.Cli;
using DeskMirror.Commands;
using DeskMirror.Credentials;
using DeskMirror.Instances;
using DeskMirror.Internal;
using DeskMirror.Runtime;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Notifications;
using DeskMirror.Server.Storage;
using DeskMirror.Settings;
using DeskMirror.Status;
using DeskMirror.Tls;
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
    public static async Task<int> RunAsync(DesktopRunOptions options, CommandScope scope)
    {
        var output = scope.Output;
        var stopRequested = scope.Stopping;
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? DeskMirrorPaths.DefaultDataDirectory());
        DataFolder.Create(dataDirectory);
        InstanceEntry entry;
        try
        {
            entry = await new SingleInstanceGate().EnterAsync(dataDirectory, output, stopRequested);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        if (entry.Lock is not { } instanceLock)
        {
            return await HandOverAsync(entry, options, output, stopRequested);
        }

        using var held = instanceLock;
        var (store, fromFile) = scope.LoadSettings(options.ConfigPath);
        var effective = fromFile.OverriddenBy(options.Flags);
        var tlsMode = MirrorTlsSetup.Mode(effective);
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        // Before the credentials: a wrong certificate file is bad input, reported before anything is written.
        using var certificates = MirrorTlsSetup.Prepare(
            tlsMode, MirrorTlsSetup.Options(options.Flags, fromFile, store.FilePath, dataDirectory), output, Console.Error, loggerFactory.CreateLogger("DeskMirror.Tls"), out var tlsFailed);
        if (tlsFailed)
        {
            return ExitCodes.Usage;
        }

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

        var runtimeFile = new RuntimeStateFile(dataDirectory);
        var context = new DesktopContext
        {
            Store = store,
            Effective = effective,
            Credentials = credentials,
            RuntimeFile = runtimeFile,
            ControlSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            StartedAt = DateTimeOffset.Now,
            ProcessStartTicks = ProcessInfo.CurrentStartTicks(),
            LoggerFactory = loggerFactory,
            Certificates = certificates,
        };

        await using var controller = new DesktopControl(context);
        AppServer server;
        try
        {
            server = await AppServer.StartAsync(new AppServerOptions
            {
                DataDirectory = dataDirectory,
                Credentials = credentials.ToServerCredentials(),
                AllowedHosts = effective.AllowedHosts ?? [],
                // The in-process proxy names every device with a PROXY v2 header (MirrorService).
                MirrorProxyProtocol = true,
                MirrorTls = tlsMode,
                CertificateAuthority = certificates?.Authority?.PublicCertificate,
                ConfigureBuilder = builder => ConfigureServices(builder, controller, effective),
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
            await controller.StartAsync(stopRequested);
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

    /// <summary>Another desktop runs on this data folder and answered: show (and open) its desktop, and leave it running.</summary>
    private static async Task<int> HandOverAsync(InstanceEntry entry, DesktopRunOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (entry.Running is not { } running || entry.LaunchUrl is not { } launchUrl)
        {
            await Console.Error.WriteLineAsync($"deskmirror: {entry.Problem}");
            return ExitCodes.Failure;
        }

        output.WriteLine($"DeskMirror is already running (pid {running.Pid}) on this data folder; this start opens it and exits.");
        if (options.Flags != new DeskMirrorSettings())
        {
            output.WriteLine("note: the running DeskMirror keeps its settings; change them in its settings page, or quit it and start again");
        }

        output.WriteLine($"Desktop:   {launchUrl}");
        if (!options.NoOpen)
        {
            // The printed link stays unused and valid for the user; the browser gets its own.
            using var client = new ControlClient(running);
            try
            {
                output.WriteLine(BrowserLauncher.Open((await client.LaunchAsync(cancellationToken)).LaunchUrl));
            }
            catch (Exception ex) when (RunningDesktop.IsNoAnswer(ex, cancellationToken))
            {
                output.WriteLine($"could not get a second launch link ({ex.Message}); open the desktop URL yourself");
            }
        }

        output.Flush();
        return ExitCodes.Ok;
    }

    private static void ConfigureServices(WebApplicationBuilder builder, DesktopControl controller, DeskMirrorSettings effective)
    {
        builder.Services.AddSingleton<IDesktopControl>(controller);
        if (effective.Attention is { } attention)
        {
            builder.Services.Configure<Server.Sessions.SessionOptions>(options => attention.ApplyTo(options.Attention));
            builder.Services.Configure<NotificationOptions>(attention.ApplyTo);
        }

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

    private static async Task ShutdownAsync(DesktopControl controller, AppServer server, RuntimeStateFile runtimeFile, TimeSpan budget, TextWriter output)
    {
        output.WriteLine("Stopping…");
        // The proxy may use its grace period; the server gets the rest, less a margin for the last steps.
        using var deadline = new CancellationTokenSource(budget - ProxyLimitOptions.StopGrace - TimeSpan.FromMilliseconds(500));
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
