using DeskMirror.Server.Http;
using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// DNS-rebinding guard: on the desktop listener the Host header must be a loopback name with the listener's
/// port, so a web page on an attacker's domain that resolves to 127.0.0.1 cannot talk to the full-rights API.
/// The mirror listener is reached under LAN names and addresses through the proxy, so it is not checked.
/// </summary>
internal sealed class HostHeaderMiddleware(RequestDelegate next, ListenerPorts ports, ILogger<HostHeaderMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetRequestMode() != RequestMode.Desktop || IsLoopbackHost(context.Request.Host, ports.Desktop))
        {
            return next(context);
        }

        var host = context.Request.Host.Value ?? string.Empty;
        Log.HostRefused(logger, host.Length > 100 ? host[..100] : host);
        return ApiProblems.WriteAsync(context, ApiProblems.Forbidden(
            "desktop-host-not-loopback",
            "The desktop listener answers only to 127.0.0.1, [::1] or localhost with its port."));
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
}
