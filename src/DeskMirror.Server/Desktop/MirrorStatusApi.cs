using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Desktop;

/// <summary>Maps <c>GET /mirror/status</c>: desktop only (it shows the password), 404 when no desktop core is registered.</summary>
public static class MirrorStatusApi
{
    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapMirrorStatusApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/mirror/status", static IResult (HttpContext context) =>
        {
            if (!MirrorPolicy.CanChangeSettings(context.GetRequestMode()))
            {
                return ApiProblems.Forbidden(MirrorPolicy.RuleChangeSettings);
            }

            var control = context.RequestServices.GetService<IDesktopControl>();
            return control is null
                ? ApiProblems.NotFound("No desktop core runs in this process, so there is no mirror status.")
                : TypedResults.Json(control.GetMirrorStatus(), ServerJsonContext.Default.MirrorStatus);
        });
        return endpoints;
    }
}
