using DeskMirror.Server.Notifications.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Notifications;

/// <summary>Registers the attention notifier.</summary>
public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the hosted service that turns each session's attention into a Web Push, and
    /// <see cref="NotificationOptions"/> (validated at start). Needs the event bus, sessions, projects and Web Push.
    /// </summary>
    public static IServiceCollection AddDeskMirrorNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<NotificationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.TryAddSingleton<AttentionNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<AttentionNotifier>());
        return services;
    }
}
