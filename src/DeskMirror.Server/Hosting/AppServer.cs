using System.Net;
using System.Reflection;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Changes;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Devices.Internal;
using DeskMirror.Server.Events;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Hosting.Internal;
using DeskMirror.Server.Http;
using DeskMirror.Server.Http.Internal;
using DeskMirror.Server.Notifications;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Projects.Internal;
using DeskMirror.Server.Push;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sidebar;
using DeskMirror.Server.Sidebar.Internal;
using DeskMirror.Server.Storage;
using DeskMirror.Server.Storage.Internal;
using DeskMirror.Server.Tls;
using DeskMirror.Server.Tls.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Log = DeskMirror.Server.Internal.Log;

namespace DeskMirror.Server.Hosting;

/// <summary>The running app server with its two loopback listeners.</summary>
public sealed class AppServer : IAsyncDisposable
{
    /// <summary>How long a stop waits for open requests (SSE streams are ended at once) before closing connections.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly EventBus _bus;
    private readonly SignInRegistry _registry;
    private readonly ILogger _logger;
    private readonly Lock _pendingLock = new();
    private Task _pendingWrites = Task.CompletedTask;
    private int _stopped;

    private AppServer(WebApplication app, IPEndPoint desktop, IPEndPoint mirror)
    {
        _app = app;
        DesktopEndpoint = desktop;
        MirrorEndpoint = mirror;
        _bus = app.Services.GetRequiredService<EventBus>();
        _registry = app.Services.GetRequiredService<SignInRegistry>();
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DeskMirror.Server");
    }

    /// <summary>Starts Kestrel on two loopback ports chosen by the OS and returns once both are bound.</summary>
    public static async Task<AppServer> StartAsync(AppServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(nameof(AppServerOptions), typeof(AppServerOptions), errors);
        }

        // Before anything is written: the process umask and the folder's modes keep every file private.
        DataFolder.Create(options.DataDirectory);
        var tightened = DataFolder.Tighten(options.DataDirectory);
        var laxUmask = ProcessUmask.TakeUnreported();

        // One start sequence: the database first (opened, checked, migrated), then the services built on it.
        var database = await SqliteDatabase.OpenAsync(options.DataDirectory, Migrations.All, options.TimeProvider, cancellationToken);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = options.ApplicationName,
            ContentRootPath = options.ContentRootPath ?? AppContext.BaseDirectory,
        });

        ListenOptions? desktopListen = null;
        ListenOptions? mirrorListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => desktopListen = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                mirrorListen = listen;
                if (options.MirrorProxyProtocol)
                {
                    listen.Use(next => ProxyProtocolMiddleware.Create(
                        next, options, listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("DeskMirror.Server.Mirror")));
                }
            });
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        // "Request starting …" lines print the whole URL, and sign-in links carry their token in the query.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        var ports = new ListenerPorts();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(ports);
        services.AddSingleton(new MirrorHostNames(options));
        services.AddSingleton<IDatabase>(database);
        services.AddSingleton(sp => new EventBus(options.EventReplayCapacity, options.SubscriberQueueCapacity, sp.GetRequiredService<ILogger<EventBus>>()));
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<EventBus>());
        services.AddSingleton<SidebarStore>();
        services.AddSingleton<ISidebarStore>(sp => sp.GetRequiredService<SidebarStore>());
        services.AddSingleton<IProjectRemovalHandler>(sp => sp.GetRequiredService<SidebarStore>());
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<IProjectStore>(sp => sp.GetRequiredService<ProjectStore>());
        services.AddProblemDetails();
        services.AddExceptionHandler<UnreadableBodyHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default));
        services.AddDeskMirrorAuthentication(options);
        var keys = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "keys"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Cookies must outlive a restart (30 days by default), so the keys that sign them live in the data folder.
        services.AddDataProtection().PersistKeysToFileSystem(keys).SetApplicationName("DeskMirror");
        services.AddDeskMirrorSessions();
        services.AddDeskMirrorChanges();
        services.AddDeskMirrorPush();
        services.AddDeskMirrorDevices();
        services.AddDeskMirrorNotifications();
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        ReportDataFolder(app, options.DataDirectory, laxUmask, tightened);
        try
        {
            database.Report(app.Services.GetRequiredService<ILogger<SqliteDatabase>>());
            var registry = app.Services.GetRequiredService<SignInRegistry>();
            await registry.EndSignInsIfCredentialsChangedAsync(options.Credentials, cancellationToken);
            await registry.LoadAsync(cancellationToken);

            ConfigurePipeline(app, options);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var desktop = desktopListen!.IPEndPoint!;
        var mirror = mirrorListen!.IPEndPoint!;
        ports.Set(desktop.Port, mirror.Port);
        var server = new AppServer(app, desktop, mirror);
        // Open SSE streams would hold a graceful stop for the whole shutdown timeout; end them first.
        app.Lifetime.ApplicationStopping.Register(server._bus.CompleteAll);
        Log.Listening(server._logger, desktop, mirror);
        return server;
    }

    /// <summary>The desktop listener (full rights).</summary>
    public IPEndPoint DesktopEndpoint { get; }

    /// <summary>The mirror listener (what the proxy forwards to).</summary>
    public IPEndPoint MirrorEndpoint { get; }

    /// <summary>Whether the mirror listener requires a PROXY protocol v2 header on every connection (the proxy must send one).</summary>
    public bool MirrorProxyProtocol => Services.GetRequiredService<AppServerOptions>().MirrorProxyProtocol;

    /// <summary>The app's services (event bus, stores, sign-in links).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Replaces the credentials; every signed-in browser session and every unredeemed sign-in link ends.</summary>
    public void UpdateCredentials(ServerCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(credentials.Username, nameof(credentials));
        ArgumentException.ThrowIfNullOrEmpty(credentials.Password, nameof(credentials));
        Services.GetRequiredService<CredentialStore>().Update(credentials);
        Services.GetRequiredService<SignInLinks>().Clear();
        // Memory first, so no cookie is honoured from here on; the devices' open streams close; the file follows.
        var ended = _registry.ClearMemory();
        Services.GetRequiredService<DeviceRegistry>().Ended(ended, DeviceRemovalReason.CredentialsChanged);
        Log.CredentialsChanged(_logger, ended.Count);
        var endedIds = ended.Select(r => r.Id).ToList();
        lock (_pendingLock)
        {
            _pendingWrites = PersistCredentialChangeAsync(_pendingWrites, credentials, endedIds);
        }
    }

    /// <summary>A one-time sign-in link path for the mirror (single use, 5 minutes), e.g. <c>/auth/pair?token=…</c>.</summary>
    public string CreatePairingPath() => Services.GetRequiredService<SignInLinks>().CreatePairingPath();

    /// <summary>A one-time launch path for the desktop listener, <c>/?token=…</c>.</summary>
    public string CreateLaunchPath() => Services.GetRequiredService<SignInLinks>().CreateLaunchPath();

    /// <summary>Ends live streams, stops Kestrel and releases the database.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _bus.CompleteAll();
        await _app.StopAsync(cancellationToken);
        Task pending;
        lock (_pendingLock)
        {
            pending = _pendingWrites;
        }

        await pending;
        await _app.DisposeAsync();
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());

    private static void ConfigurePipeline(WebApplication app, AppServerOptions options)
    {
        app.UseMiddleware<HostHeaderMiddleware>();
        app.UseMiddleware<HttpsRequiredMiddleware>();
        app.UseExceptionHandler();
        options.ConfigurePublicMiddleware?.Invoke(app);
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<DeviceActivityMiddleware>();
        app.UseMiddleware<LaunchTokenMiddleware>();
        app.UseMiddleware<OriginCheckMiddleware>();
        app.UseAuthorization();
        // The session stream is a WebSocket route; the middleware steps aside for every other request.
        app.UseWebSockets();

        var version = typeof(AppServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var health = new HealthResponse(true, version.Split('+')[0]);
        app.MapGet("/health", () => TypedResults.Ok(health)).AllowAnonymous();
        app.MapAuthApi(options.MapDefaultSignInPage);
        app.MapEventApi();
        app.MapProjectApi();
        app.MapSidebarApi();
        app.MapMirrorStatusApi();
        app.MapSessionApi();
        app.MapChangesApi();
        app.MapPushApi();
        app.MapTrustApi();
        app.MapDeviceApi();
        options.ConfigureApp?.Invoke(app);
    }

    private static void ReportDataFolder(WebApplication app, string dataDirectory, int? laxUmask, IReadOnlyList<string> tightened)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DeskMirror.Server.Storage");
        if (laxUmask is { } umask)
        {
            Log.UmaskRestricted(logger, ProcessUmask.Format(umask), ProcessUmask.Format(ProcessUmask.Private));
        }

        if (tightened.Count > 0)
        {
            Log.DataFolderTightened(logger, dataDirectory, tightened.Count, string.Join(", ", tightened.Take(5)));
        }
    }

    private async Task PersistCredentialChangeAsync(Task previous, ServerCredentials credentials, IReadOnlyCollection<string> ended)
    {
        await previous;
        try
        {
            // Only the sign-ins ended above: someone may already have signed in with the new password.
            await _registry.StoreVerifierAsync(credentials, CancellationToken.None);
            await _registry.RemoveAsync(ended, CancellationToken.None);
        }
#pragma warning disable CA1031 // In memory the sign-ins are already gone; a failed write must not crash the server.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, ex);
        }
    }
}
