using DeskMirror.Server.Hosting.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Modes;

/// <summary>The mode of a request, from the listener it arrived on.</summary>
public static class RequestModeHttpContextExtensions
{
    /// <summary>
    /// <see cref="RequestMode.Desktop"/> only for a connection accepted by the desktop listener
    /// (<c>Connection.LocalPort</c>); anything else, including an unknown port, is treated as the mirror,
    /// the mode with fewer rights.
    /// </summary>
    public static RequestMode GetRequestMode(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ports = context.RequestServices.GetService<ListenerPorts>();
        var local = context.Connection.LocalPort;
        return ports is not null && ports.Desktop != 0 && local == ports.Desktop ? RequestMode.Desktop : RequestMode.Mirror;
    }
}
