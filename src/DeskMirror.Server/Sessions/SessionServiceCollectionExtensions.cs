using DeskMirror.Server.Hosting;
using DeskMirror.Server.Sessions.Internal;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeskMirror.Server.Sessions;

/// <summary>Registers the session services.</summary>
public static class SessionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISessionManager"/> (also a hosted service: it loads earlier sessions at start and
    /// ends every running session's process group at shutdown). Needs the database, project store and event bus.
    /// </summary>
    public static IServiceCollection AddDeskMirrorSessions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SessionOptions>();
        services.TryAddSingleton(sp => new SessionManager(
            sp.GetRequiredService<Storage.IDatabase>(),
            sp.GetRequiredService<Projects.IProjectStore>(),
            sp.GetRequiredService<Events.IEventBus>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SessionOptions>>(),
            sp.GetService<TimeProvider>() ?? sp.GetService<AppServerOptions>()?.TimeProvider ?? TimeProvider.System,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.TryAddSingleton<ISessionManager>(sp => sp.GetRequiredService<SessionManager>());
        services.AddHostedService(sp => sp.GetRequiredService<SessionManager>());
        services.Configure<JsonOptions>(options => options.SerializerOptions.TypeInfoResolverChain.Add(SessionJsonContext.Default));
        return services;
    }
}
