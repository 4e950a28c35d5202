using System.Net.WebSockets;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Sessions;

public static partial class SessionApi
{
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(
        HttpContext context, string id, ISessionManager sessions, IOptions<SessionOptions> options)
    {
        if (Visible(context, sessions, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiProblems.BadRequest("This route is a WebSocket: connect with a WebSocket client.");
        }

        long end;
        using (var output = sessions.OpenOutput(id).Value)
        {
            if (output is null)
            {
                return NotFound(id);
            }

            end = output.Length;
        }

        // Without from=, a viewer gets the newest ring's worth of output: enough to paint the current screen.
        if (ParseFrom(context, Math.Max(0, end - options.Value.RingBytes), end) is not { } from)
        {
            return BadFrom(end);
        }

        var acceptInput = MirrorPolicy.CanTypeInto(context.GetRequestMode(), session);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (await sessions.StreamAsync(id, socket, from, acceptInput, context.RequestAborted) is not null)
        {
            // Removed between the check and the accept: nothing was sent, say why.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session removed", context.RequestAborted);
        }

        return TypedResults.Empty;
    }
}
