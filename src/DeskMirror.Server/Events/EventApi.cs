using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Events;

/// <summary>Maps <c>GET /event</c>, the Server-Sent Events stream.</summary>
public static class EventApi
{
    /// <summary>Maps the live event stream on both listeners; mirror subscribers never see desktop-only events.</summary>
    public static IEndpointRouteBuilder MapEventApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/event", static (HttpContext context) =>
        {
            var services = context.RequestServices;
            var options = services.GetRequiredService<AppServerOptions>();
            return EventStreamWriter.ServeAsync(context, services.GetRequiredService<EventBus>(), options.HeartbeatInterval, options.TimeProvider);
        });
        return endpoints;
    }
}
