using DeskMirror.Server.Devices.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeskMirror.Server.Devices;

/// <summary>Registers the signed-in devices.</summary>
public static class DeviceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDeviceRegistry"/>, the per-sign-in connection tracking and the last-seen writer (a hosted
    /// service). Needs the sign-ins (authentication), the event bus and Web Push.
    /// </summary>
    public static IServiceCollection AddDeskMirrorDevices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<SignInConnections>();
        services.TryAddSingleton<LastSeenWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LastSeenWriter>());
        services.TryAddSingleton<DeviceRegistry>();
        services.TryAddSingleton<IDeviceRegistry>(sp => sp.GetRequiredService<DeviceRegistry>());
        return services;
    }
}
