using DeskMirror.Server.Auth;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>
/// After authentication, on the mirror: every request made with a device's cookie is followed while it runs (so
/// that revoking the device aborts it, and its streams count as its connections) and moves the device's last-seen
/// time on when that is due. Requests with Basic credentials or none pass untouched.
/// </summary>
internal sealed class DeviceActivityMiddleware(RequestDelegate next, SignInRegistry signIns, DeviceRegistry devices)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetRequestMode() != RequestMode.Mirror
            || context.User.FindFirst(AuthSchemes.SignInIdClaim)?.Value is not { } signInId)
        {
            await next(context);
            return;
        }

        // Ended between the cookie check and here: the request must not run, least of all as an endless stream.
        using var tracked = signIns.TryGet(signInId, out var record) ? devices.Track(record, context) : null;
        if (tracked is null)
        {
            context.Abort();
            return;
        }

        await next(context);
    }
}
