using System.Globalization;
using System.Text;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Sessions;

/// <summary>
/// Maps <c>/session</c> routes onto <see cref="ISessionManager"/>. Every route asks <see cref="MirrorPolicy"/>;
/// a terminal session does not exist for the mirror (404 on every route, the WebSocket included), which is
/// checked before any 403. The stream route needs the WebSocket middleware in the pipeline.
/// </summary>
public static partial class SessionApi
{
    /// <summary>Response header giving the output length at the time of the response, the <c>from</c> to resume at.</summary>
    public const string OutputLengthHeader = "X-Output-Length";

    private const string InvalidJson = "The body is not valid JSON for this request";

    /// <summary>Bytes copied per write of <c>GET /session/{id}/output</c>.</summary>
    private const int OutputChunkBytes = 64 * 1024;

    /// <summary>Largest <c>POST /session/{id}/resize</c> body.</summary>
    private const int MaxResizeBodyBytes = 4096;

    /// <summary>Maps the session API on both listeners.</summary>
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/session", List);
        endpoints.MapPost("/session", CreateAsync);
        endpoints.MapGet("/session/{id}", Get);
        endpoints.MapDelete("/session/{id}", RemoveAsync);
        endpoints.MapPost("/session/{id}/input", InputAsync);
        endpoints.MapPost("/session/{id}/resize", ResizeAsync);
        endpoints.MapPost("/session/{id}/stop", StopAsync);
        endpoints.MapGet("/session/{id}/output", Output);
        endpoints.Map("/session/{id}/stream", StreamAsync);
        endpoints.MapGet("/session/{id}/screen", ScreenAsync);
        endpoints.MapPost("/session/{id}/seen", Seen);
        endpoints.MapGet("/session/{id}/recording.cast", Recording);
        return endpoints;
    }

    private static JsonHttpResult<IReadOnlyList<SessionInfo>> List(HttpContext context, ISessionManager sessions)
    {
        var mode = context.GetRequestMode();
        var visible = sessions.List().Where(s => MirrorPolicy.CanSeeSession(mode, s)).ToList();
        return TypedResults.Json<IReadOnlyList<SessionInfo>>(visible, SessionJsonContext.Default.IReadOnlyListSessionInfo);
    }

    private static Results<JsonHttpResult<SessionInfo>, ProblemHttpResult> Get(HttpContext context, string id, ISessionManager sessions)
        => Visible(context, sessions, id) is { } session ? Json(session) : NotFound(id);

    private static async Task<Results<JsonHttpResult<SessionInfo>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ISessionManager sessions, IOptions<SessionOptions> options)
    {
        if (!MirrorPolicy.CanManageSessions(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleManageSessions);
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(
            context.Request, SessionJsonContext.Default.CreateSessionRequest, options.Value.MaxCreateBodyBytes, InvalidJson);
        if (problem is not null)
        {
            return problem;
        }

        var created = await sessions.CreateAsync(request!, context.RequestAborted);
        return created.Succeeded
            ? TypedResults.Json(created.Value, SessionJsonContext.Default.SessionInfo, statusCode: StatusCodes.Status201Created)
            : Problem(created.Error);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is null)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanManageSessions(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleManageSessions);
        }

        return await sessions.RemoveAsync(id, context.RequestAborted) is { } error ? Problem(error) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> InputAsync(
        HttpContext context, string id, ISessionManager sessions, IOptions<SessionOptions> options)
    {
        if (Visible(context, sessions, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanTypeInto(context.GetRequestMode(), session))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleTypeInto);
        }

        var limit = options.Value.MaxInputBytes;
        byte[] data;
        if (context.Request.ContentType?.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            var body = await RequestBody.ReadBoundedAsync(context.Request, limit, context.RequestAborted);
            if (body is null)
            {
                return ApiProblems.PayloadTooLarge(limit);
            }

            data = body;
        }
        else
        {
            // JSON escapes can take six bytes per input byte; the decoded size is checked against the limit below.
            var (request, problem) = await RequestBody.ReadJsonAsync(
                context.Request, SessionJsonContext.Default.SessionInputRequest, (limit * 6) + 1024, InvalidJson);
            if (problem is not null)
            {
                return problem.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiProblems.PayloadTooLarge(limit) : problem;
            }

            if (request!.Data is null)
            {
                return ApiProblems.BadRequest("data is required: the text to type.");
            }

            data = Encoding.UTF8.GetBytes(request.Data);
            if (data.Length > limit)
            {
                return ApiProblems.PayloadTooLarge(limit);
            }
        }

        return await sessions.WriteInputAsync(id, data, context.RequestAborted) is { } error ? Problem(error) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResizeAsync(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is null)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanResize(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleResize);
        }

        var (request, problem) = await RequestBody.ReadJsonAsync(
            context.Request, SessionJsonContext.Default.SessionResizeRequest, MaxResizeBodyBytes, InvalidJson);
        if (problem is not null)
        {
            return problem;
        }

        return sessions.Resize(id, request!.Cols, request.Rows) is { } error ? Problem(error) : TypedResults.NoContent();
    }

    private static async Task<Results<JsonHttpResult<SessionInfo>, ProblemHttpResult>> StopAsync(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is not { } session || !MirrorPolicy.CanStop(context.GetRequestMode(), session))
        {
            return NotFound(id);
        }

        var stopped = await sessions.StopAsync(id, context.RequestAborted);
        return stopped.Succeeded ? Json(stopped.Value) : Problem(stopped.Error);
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Output(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is null || sessions.OpenOutput(id) is not { Succeeded: true, Value: { } output })
        {
            return NotFound(id);
        }

        var end = output.Length;
        if (ParseFrom(context, defaultFrom: 0, end) is not { } from)
        {
            output.Dispose();
            return BadFrom(end);
        }

        context.Response.Headers[OutputLengthHeader] = end.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Stream(
            async body =>
            {
                using (output)
                {
                    var buffer = new byte[OutputChunkBytes];
                    for (var offset = from; offset < end;)
                    {
                        var count = output.Read(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - offset)));
                        if (count == 0)
                        {
                            break;
                        }

                        await body.WriteAsync(buffer.AsMemory(0, count), context.RequestAborted);
                        offset += count;
                    }
                }
            },
            "application/octet-stream");
    }

    private static async Task<Results<JsonHttpResult<SessionScreen>, ProblemHttpResult>> ScreenAsync(
        HttpContext context, string id, ISessionManager sessions, IOptions<SessionOptions> options)
    {
        if (Visible(context, sessions, id) is null)
        {
            return NotFound(id);
        }

        var limit = options.Value.ScreenScrollbackLines;
        var text = context.Request.Query["scrollback"].ToString();
        var scrollback = 0;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out scrollback) || scrollback > limit))
        {
            return ApiProblems.BadRequest($"scrollback must be a whole number of lines between 0 and {limit}.");
        }

        var screen = await sessions.GetScreenAsync(id, scrollback, context.RequestAborted);
        return screen.Succeeded ? TypedResults.Json(screen.Value, SessionJsonContext.Default.SessionScreen) : Problem(screen.Error);
    }

    private static Results<JsonHttpResult<SessionInfo>, ProblemHttpResult> Seen(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is null || sessions.MarkSeen(id) is not null || sessions.Find(id) is not { } session)
        {
            return NotFound(id);
        }

        return Json(session);
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> Recording(HttpContext context, string id, ISessionManager sessions)
    {
        if (Visible(context, sessions, id) is null)
        {
            return NotFound(id);
        }

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"session-{id}.cast\"";
        return TypedResults.Stream(
            async body =>
            {
                // Removed meanwhile: the response is already under way, so it just ends.
                _ = await sessions.WriteRecordingAsync(id, body, context.RequestAborted);
            },
            "application/x-asciicast");
    }

    private static long? ParseFrom(HttpContext context, long defaultFrom, long end)
    {
        var text = context.Request.Query["from"].ToString();
        if (text.Length == 0)
        {
            return defaultFrom;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var from) && from <= end ? from : null;
    }

    /// <summary>The problem body for an expected failure, with the status code its kind stands for.</summary>
    private static ProblemHttpResult Problem(SessionError error) => error.Kind switch
    {
        SessionErrorKind.NotFound => ApiProblems.NotFound(error.Message),
        SessionErrorKind.Invalid => ApiProblems.BadRequest(error.Message),
        SessionErrorKind.NotSupported => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status501NotImplemented, title: "Not supported on this platform"),
        _ => ApiProblems.Conflict(error.Message),
    };

    private static ProblemHttpResult BadFrom(long end)
        => ApiProblems.BadRequest($"from must be a whole number of bytes between 0 and the output's length ({end}).");

    private static SessionInfo? Visible(HttpContext context, ISessionManager sessions, string id)
        => sessions.Find(id) is { } session && MirrorPolicy.CanSeeSession(context.GetRequestMode(), session) ? session : null;

    private static JsonHttpResult<SessionInfo> Json(SessionInfo info) => TypedResults.Json(info, SessionJsonContext.Default.SessionInfo);

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound(SessionError.NotFound(id).Message);
}
