using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Sessions;

/// <summary>
/// Maps <c>/session</c> routes. Every route asks <see cref="MirrorPolicy"/>; a terminal session does not
/// exist for the mirror (404 on every route, the WebSocket included), which is checked before any 403.
/// </summary>
public static partial class SessionApi
{
    /// <summary>Response header giving the output length at the time of the response, the <c>from</c> to resume at.</summary>
    public const string OutputLengthHeader = "X-Output-Length";

    private const string InvalidJson = "The body is not valid JSON for this request";

    /// <summary>Bytes copied per write of <c>GET /session/{id}/output</c>.</summary>
    private const int OutputChunkBytes = 64 * 1024;

    /// <summary>Maps the session API on both listeners.</summary>
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The stream route needs the WebSocket middleware; adding it twice is harmless (it steps aside when present).
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
        }

        endpoints.MapGet("/session", List);
        endpoints.MapPost("/session", (Delegate)CreateAsync);
        endpoints.MapGet("/session/{id}", Get);
        endpoints.MapDelete("/session/{id}", RemoveAsync);
        endpoints.MapPost("/session/{id}/input", InputAsync);
        endpoints.MapPost("/session/{id}/resize", ResizeAsync);
        endpoints.MapPost("/session/{id}/stop", StopAsync);
        endpoints.MapGet("/session/{id}/output", Output);
        endpoints.Map("/session/{id}/stream", (Delegate)StreamAsync);
        return endpoints;
    }

    private static JsonHttpResult<IReadOnlyList<SessionInfo>> List(HttpContext context)
    {
        var mode = context.GetRequestMode();
        var sessions = Manager(context).List().Where(s => MirrorPolicy.CanSeeSession(mode, s)).ToList();
        return TypedResults.Json<IReadOnlyList<SessionInfo>>(sessions, SessionJsonContext.Default.IReadOnlyListSessionInfo);
    }

    private static IResult Get(HttpContext context, string id)
        => Visible(context, id) is { } session ? Json(session.Info) : NotFound(id);

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        if (!MirrorPolicy.CanManageSessions(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleManageSessions);
        }

        var manager = Manager(context);
        var (request, error) = await RequestBody.ReadJsonAsync(context.Request, SessionJsonContext.Default.CreateSessionRequest, manager.Options.MaxCreateBodyBytes, InvalidJson);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var session = await manager.CreateAsync(request!, context.RequestAborted);
            return TypedResults.Json(session, SessionJsonContext.Default.SessionInfo, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException ex)
        {
            return ApiProblems.BadRequest(ex.Message.Split(" (Parameter", 2)[0]);
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
        catch (PlatformNotSupportedException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status501NotImplemented, title: "Not supported on this platform");
        }
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanManageSessions(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleManageSessions);
        }

        try
        {
            return await Manager(context).RemoveAsync(session.Info.Id, context.RequestAborted) ? TypedResults.NoContent() : NotFound(id);
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
    }

    private static async Task<IResult> InputAsync(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanTypeInto(context.GetRequestMode(), session.Info))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleTypeInto);
        }

        var manager = Manager(context);
        var limit = manager.Options.MaxInputBytes;
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
            var (request, error) = await RequestBody.ReadJsonAsync(context.Request, SessionJsonContext.Default.SessionInputRequest, (limit * 6) + 1024, InvalidJson);
            if (error is not null)
            {
                return error is IStatusCodeHttpResult { StatusCode: StatusCodes.Status413PayloadTooLarge } ? ApiProblems.PayloadTooLarge(limit) : error;
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

        try
        {
            await manager.WriteInputAsync(session.Info.Id, data, context.RequestAborted);
            return TypedResults.NoContent();
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
    }

    private static async Task<IResult> ResizeAsync(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session)
        {
            return NotFound(id);
        }

        if (!MirrorPolicy.CanResize(context.GetRequestMode()))
        {
            return ApiProblems.Forbidden(MirrorPolicy.RuleResize);
        }

        var (request, error) = await RequestBody.ReadJsonAsync(context.Request, SessionJsonContext.Default.SessionResizeRequest, 4096, InvalidJson);
        if (error is not null)
        {
            return error;
        }

        try
        {
            Manager(context).Resize(session.Info.Id, request!.Cols, request.Rows);
            return TypedResults.NoContent();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ApiProblems.BadRequest(ex.Message.Split(" (Parameter", 2)[0]);
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
    }

    private static async Task<IResult> StopAsync(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session || !MirrorPolicy.CanStop(context.GetRequestMode(), session.Info))
        {
            return NotFound(id);
        }

        await Manager(context).StopAsync(session.Info.Id, context.RequestAborted);
        return Json(session.Info);
    }

    private static IResult Output(HttpContext context, string id)
    {
        if (Visible(context, id) is not { } session)
        {
            return NotFound(id);
        }

        var output = session.Output;
        var end = output.Length;
        if (ParseFrom(context, defaultFrom: 0, end) is not { } from)
        {
            return BadFrom(end);
        }

        context.Response.Headers[OutputLengthHeader] = end.ToString(CultureInfo.InvariantCulture);
        return Results.Stream(
            async body =>
            {
                using var log = output.OpenLogForReading();
                var buffer = new byte[OutputChunkBytes];
                for (var offset = from; offset < end;)
                {
                    var count = output.Read(log, offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - offset)));
                    if (count == 0)
                    {
                        break;
                    }

                    await body.WriteAsync(buffer.AsMemory(0, count), context.RequestAborted);
                    offset += count;
                }
            },
            "application/octet-stream");
    }

    internal static long? ParseFrom(HttpContext context, long defaultFrom, long end)
    {
        var text = context.Request.Query["from"].ToString();
        if (text.Length == 0)
        {
            return defaultFrom;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var from) && from <= end ? from : null;
    }

    private static ProblemHttpResult BadFrom(long end)
        => ApiProblems.BadRequest($"from must be a whole number of bytes between 0 and the output's length ({end}).");

    private static Session? Visible(HttpContext context, string id)
        => Manager(context).FindSession(id) is { } session && MirrorPolicy.CanSeeSession(context.GetRequestMode(), session.Info) ? session : null;

    private static SessionManager Manager(HttpContext context) => context.RequestServices.GetRequiredService<SessionManager>();

    private static JsonHttpResult<SessionInfo> Json(SessionInfo info) => TypedResults.Json(info, SessionJsonContext.Default.SessionInfo);

    private static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound($"There is no session with id '{id}'.");
}
