using System.Net.WebSockets;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Sessions;

public static partial class SessionApi
{
    private static async Task<IResult> StreamAsync(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiProblems.BadRequest("This route is a WebSocket: connect with a WebSocket client.");
        }

        var manager = Manager(context);
        var end = session.Output.Length;

        // Without from=, a viewer gets the newest ring's worth of output: enough to paint the current screen.
        if (ParseFrom(context, Math.Max(0, end - manager.Options.RingBytes), end) is not { } from)
        {
            return BadFrom(end);
        }

        var canType = MirrorPolicy.CanTypeInto(context.GetRequestMode(), session.Info);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<SessionViewer>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var viewer = new SessionViewer(socket, session, manager, canType, logger);
        await viewer.RunAsync(from, context.RequestAborted);
        return TypedResults.Empty;
    }
}
