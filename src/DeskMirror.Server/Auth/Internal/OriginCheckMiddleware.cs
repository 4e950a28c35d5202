using DeskMirror.Server.Http;
using DeskMirror.Server.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Cross-site request forgery guard. A browser attaches the cookie by itself, so a state-changing request
/// authenticated by cookie must prove it came from one of our own pages: an <c>Origin</c> (or, failing that, a
/// <c>Referer</c>) whose host and port equal the request's <c>Host</c>. WebSocket handshakes with a cookie are
/// checked the same way when they carry an Origin. Basic-authenticated requests are not affected: a browser
/// never adds Basic credentials on its own here, since no Basic prompt is ever offered to it.
/// </summary>
internal sealed class OriginCheckMiddleware(RequestDelegate next, ILogger<OriginCheckMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // From the headers: the WebSockets middleware that would answer IsWebSocketRequest runs later, in the UI's part.
        // (HTTP/2 WebSockets arrive as CONNECT, which is not a safe method and so is checked anyway.)
        var isWebSocket = request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);
        if ((IsSafe(request.Method) && !isWebSocket) || !IsCookieAuthenticated(context))
        {
            return next(context);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = request.Headers.Referer.ToString();
        }

        if ((origin.Length == 0 && isWebSocket) || IsSameHost(origin, request.Host))
        {
            return next(context);
        }

        Log.OriginRefused(logger, request.Method, request.Path.Value ?? string.Empty, origin.Length == 0 ? "(none)" : origin);
        return ApiProblems.WriteAsync(context, ApiProblems.Forbidden(
            "cross-site-request",
            "A signed-in browser's state-changing request must come from this site (same-host Origin or Referer)."));
    }

    internal static bool IsSameHost(string origin, HostString host)
    {
        if (origin.Length == 0 || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !host.HasValue)
        {
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }

        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var expected = host.Port is null || host.Port == (uri.Scheme == Uri.UriSchemeHttps ? 443 : 80)
            ? host.Host
            : $"{host.Host}:{host.Port}";
        return string.Equals(authority, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsCookieAuthenticated(HttpContext context)
        => context.User.Identity?.IsAuthenticated == true && context.User.HasClaim(AuthSchemes.ViaClaim, "cookie");

    private static bool IsSafe(string method)
        => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
