using DeskMirror.Server.Http;
using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// DNS-rebinding guard on both listeners: a web page on a hostile domain that resolves to this computer must not
/// talk to DeskMirror as a same-origin site. The desktop listener answers only to a loopback name with its own
/// port (403 otherwise); the mirror listener only to this computer's own names and addresses and the configured
/// allowed hosts (<see cref="MirrorHostNames"/>; 421 otherwise, saying how to allow a name).
/// </summary>
internal sealed class HostHeaderMiddleware(RequestDelegate next, ListenerPorts ports, MirrorHostNames mirrorHosts, ILogger<HostHeaderMiddleware> logger)
{
    /// <summary>The rule a refused mirror request names.</summary>
    public const string RuleMirrorHost = "mirror-host-not-allowed";

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (context.GetRequestMode() == RequestMode.Desktop)
        {
            if (IsLoopbackHost(host, ports.Desktop))
            {
                return next(context);
            }

            Log.HostRefused(logger, Shorten(host.Value));
            return ApiProblems.WriteAsync(context, ApiProblems.Forbidden(
                "desktop-host-not-loopback",
                "The desktop listener answers only to 127.0.0.1, [::1] or localhost with its port."));
        }

        if (mirrorHosts.IsAllowed(host))
        {
            return next(context);
        }

        var name = Shorten(host.HasValue ? host.Host : null);
        Log.MirrorHostRefused(logger, name);
        return ApiProblems.WriteAsync(context, ApiProblems.MisdirectedRequest(
            RuleMirrorHost,
            host.HasValue
                ? $"This DeskMirror answers only to this computer's own names and addresses. To reach it as '{name}' (a tunnel such as Tailscale Serve or Cloudflare Tunnel), add \"{name}\" to \"allowedHosts\" in settings.json and restart DeskMirror."
                : "The request has no Host header; this DeskMirror answers only to this computer's own names and addresses and the names in \"allowedHosts\" in settings.json."));
    }

    internal static bool IsLoopbackHost(HostString host, int port)
    {
        if (!host.HasValue || host.Port != port)
        {
            return false;
        }

        return host.Host is "127.0.0.1" or "[::1]"
            || string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static string Shorten(string? host) => host is null ? "(none)" : host.Length > 100 ? host[..100] : host;
}
