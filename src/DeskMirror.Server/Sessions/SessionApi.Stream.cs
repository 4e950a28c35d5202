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

        var query = context.Request.Query;
        if (ParseFlag(query["raw"].ToString()) is not { } raw || ParseFlag(query["credit"].ToString()) is not { } credit)
        {
            return ApiProblems.BadRequest("raw and credit must be true, false, 1 or 0.");
        }

        // Raw without from=: the newest ring's worth of output. Framed without from=: a snapshot.
        long? from = query["from"].ToString().Length == 0 ? null : ParseFrom(context, defaultFrom: 0, end);
        if (query["from"].ToString().Length > 0 && from is null)
        {
            return BadFrom(end);
        }

        if (raw && from is null)
        {
            from = Math.Max(0, end - options.Value.RingBytes);
        }

        var request = new SessionStreamRequest(from, raw, credit && !raw, MirrorPolicy.CanTypeInto(context.GetRequestMode(), session));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (await sessions.StreamAsync(id, socket, request, context.RequestAborted) is not null)
        {
            // Removed between the check and the accept: nothing was sent, say why.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session removed", context.RequestAborted);
        }

        return TypedResults.Empty;
    }

    private static bool? ParseFlag(string text) => text switch
    {
        "" or "0" or "false" => false,
        "1" or "true" => true,
        _ => null,
    };
}
