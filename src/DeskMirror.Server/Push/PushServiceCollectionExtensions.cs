using DeskMirror.Server.Push.Internal;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Push;

/// <summary>Registers Web Push.</summary>
public static class PushServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPushNotifier"/> (a hosted service: it reads or makes the VAPID keys at start and runs the
    /// delivery loop), the subscription store and <see cref="PushOptions"/> (validated at start). Needs the database.
    /// </summary>
    public static IServiceCollection AddDeskMirrorPush(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PushOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PushOptions>, PushOptionsValidator>());
        services.TryAddSingleton<VapidKeyStore>();
        services.TryAddSingleton<PushSubscriptionStore>();
        services.TryAddSingleton<PushNotifier>();
        services.TryAddSingleton<IPushNotifier>(sp => sp.GetRequiredService<PushNotifier>());
        services.AddHostedService(sp => sp.GetRequiredService<PushNotifier>());
        services.Configure<JsonOptions>(options => options.SerializerOptions.TypeInfoResolverChain.Add(PushJsonContext.Default));
        return services;
    }
}
