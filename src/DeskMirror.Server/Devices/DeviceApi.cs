using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Devices;

/// <summary>
/// Maps <c>GET /device</c> and <c>DELETE /device/{id}</c>: desktop only, so the mirror never learns which other
/// devices are signed in (403, rule <see cref="MirrorPolicy.RuleManageDevices"/>, on every spelling of the routes).
/// </summary>
public static class DeviceApi
{
    /// <summary>Maps the device routes on both listeners; the mirror's requests are refused inside them.</summary>
    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/device", static IResult (HttpContext context, IDeviceRegistry devices) =>
            MirrorPolicy.CanManageDevices(context.GetRequestMode())
                ? TypedResults.Json(devices.List(), DeviceJsonContext.Default.IReadOnlyListDeviceInfo)
                : ApiProblems.Forbidden(MirrorPolicy.RuleManageDevices));
        endpoints.MapDelete("/device/{id}", static async Task<IResult> (HttpContext context, string id, IDeviceRegistry devices) =>
        {
            if (!MirrorPolicy.CanManageDevices(context.GetRequestMode()))
            {
                return ApiProblems.Forbidden(MirrorPolicy.RuleManageDevices);
            }

            return await devices.RevokeAsync(id, context.RequestAborted)
                ? TypedResults.NoContent()
                : ApiProblems.NotFound($"No signed-in device has the id \"{(id.Length > 64 ? id[..64] + "…" : id)}\".");
        });
        return endpoints;
    }
}
