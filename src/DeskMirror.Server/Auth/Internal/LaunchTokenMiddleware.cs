using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// <c>GET /?token=…</c> on the desktop listener: a one-time launch token is exchanged for the desktop cookie and
/// the browser is sent to <c>/</c> without the token in its address bar or history.
/// </summary>
internal sealed class LaunchTokenMiddleware(RequestDelegate next, CredentialCheck check, SignInService signIn)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method)
            || !request.Path.Equals("/", StringComparison.Ordinal)
            || !request.Query.TryGetValue("token", out var token)
            || context.GetRequestMode() != RequestMode.Desktop)
        {
            await next(context);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        var result = check.CheckLink(context, SignInLinkKind.Launch, token.ToString());
        if (result.IsThrottled)
        {
            await CredentialCheck.TooManyRequests(context, result.RetryAfter).ExecuteAsync(context);
            return;
        }

        if (result.IsAccepted)
        {
            await signIn.SignInAsync(context, SignInVia.Launch);
            context.Response.Redirect("/");
            return;
        }

        context.Response.Redirect("/signin?error=link&returnUrl=%2F");
    }
}
