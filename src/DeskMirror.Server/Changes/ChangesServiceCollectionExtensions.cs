using DeskMirror.Server.Changes.Internal;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeskMirror.Server.Changes;

/// <summary>Registers the Changes view's services.</summary>
public static class ChangesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IChangesService"/> (also a hosted service that stops every watcher with the server) and
    /// <see cref="ChangesOptions"/>. Needs the project store, the event bus and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddDeskMirrorChanges(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ChangesOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChangesService>();
        services.TryAddSingleton<IChangesService>(sp => sp.GetRequiredService<ChangesService>());
        services.AddHostedService(sp => sp.GetRequiredService<ChangesService>());
        services.Configure<JsonOptions>(options => options.SerializerOptions.TypeInfoResolverChain.Add(ChangesJsonContext.Default));
        return services;
    }
}
