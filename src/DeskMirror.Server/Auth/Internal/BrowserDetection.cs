using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Tells browsers from API clients, so only API clients ever get <c>WWW-Authenticate: Basic</c> (a browser would
/// pop up its Basic prompt, and loop on every WebSocket and asset request).
/// A request is from a browser when it carries a Fetch Metadata header (<c>Sec-Fetch-Mode</c>/<c>Sec-Fetch-Site</c>,
/// sent by every current browser, including on WebSocket handshakes), an <c>Origin</c>, or <c>Accept: text/html</c>.
/// </summary>
internal static class BrowserDetection
{
    public static bool IsBrowser(HttpRequest request)
        => request.Headers.ContainsKey("Sec-Fetch-Mode")
            || request.Headers.ContainsKey("Sec-Fetch-Site")
            || request.Headers.ContainsKey("Origin")
            || AcceptsHtml(request);

    /// <summary>A top-level page load, which is answered with a redirect to the sign-in page.</summary>
    public static bool IsNavigation(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var mode = request.Headers["Sec-Fetch-Mode"].ToString();
        return mode.Length > 0 ? string.Equals(mode, "navigate", StringComparison.OrdinalIgnoreCase) : AcceptsHtml(request);
    }

    private static bool AcceptsHtml(HttpRequest request)
        => request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
