using System.Security.Cryptography;
using System.Text;
using DeskMirror.Runtime;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Desktop;

/// <summary>
/// A small control API for <c>deskmirror status</c>, <c>deskmirror pair</c> and a second <c>deskmirror</c> started on
/// the same data folder, each run in another terminal. It
/// answers only on the desktop listener and only to the secret from the runtime state file (mode 0600,
/// so only this user can read it); the mirror listener gets 404 as if it did not exist.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_deskmirror/control";
    public const string SecretHeader = "X-DeskMirror-Control";

    public static void MapControlEndpoints(this IEndpointRouteBuilder app, DesktopControl controller, string secret)
    {
        var group = app.MapGroup(Prefix).AllowAnonymous().AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRequestMode() == RequestMode.Desktop && HasSecret(context.HttpContext, secret)
                ? await next(context)
                : Results.NotFound());

        group.MapGet("/status", () => TypedResults.Json(
            new ControlStatusResponse(
                controller.GetMirrorStatus(),
                controller.CreateLaunchUrl(),
                controller.GetMirrorStatus().State == Server.Desktop.MirrorState.Serving ? controller.CreatePairingUrl() : null,
                controller.Credentials.UsernameSource.ToString(),
                controller.Credentials.PasswordSource.ToString()),
            RuntimeJsonContext.Default.ControlStatusResponse));

        group.MapPost("/pair", () => TypedResults.Json(new ControlPairResponse(controller.CreatePairingUrl()), RuntimeJsonContext.Default.ControlPairResponse));

        group.MapPost("/launch", () => TypedResults.Json(new ControlLaunchResponse(controller.CreateLaunchUrl()), RuntimeJsonContext.Default.ControlLaunchResponse));

        group.MapPost("/quit", () =>
        {
            controller.RequestQuit();
            return TypedResults.Accepted((string?)null);
        });
    }

    private static bool HasSecret(HttpContext context, string secret)
    {
        var given = context.Request.Headers[SecretHeader].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret));
    }
}
