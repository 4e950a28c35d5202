using System.Text;
using DeskMirror.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Changes;

/// <summary>
/// Maps <c>GET /project/{id}/changes</c> and <c>GET /project/{id}/changes/diff?path=</c>. Both are reads, allowed on both
/// listeners (the mirror reviews what the agent changed); nothing here can stage, commit or discard.
/// </summary>
public static class ChangesApi
{
    /// <summary>The <c>reason</c> of a 404 whose project exists but is not in a git work tree.</summary>
    public const string NotAWorkTreeReason = "not-a-git-work-tree";

    /// <summary>Maps the Changes routes.</summary>
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/project/{id}/changes", static async Task<IResult> (string id, IChangesService changes, HttpContext context) =>
        {
            var result = await changes.GetChangesAsync(id, context.RequestAborted);
            NoStore(context);
            return result.Failure is { } failure
                ? Problem(failure)
                : TypedResults.Json(result.Changes!, ChangesJsonContext.Default.ChangeSet);
        });
        endpoints.MapGet("/project/{id}/changes/diff", static async Task<IResult> (string id, string? path, IChangesService changes, HttpContext context) =>
        {
            var result = await changes.GetDiffAsync(id, path, context.RequestAborted);
            if (result.Failure is { } failure)
            {
                return Problem(failure);
            }

            NoStore(context);
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            if (result.Truncated)
            {
                context.Response.Headers[DiffMarker.Header] = "true";
            }

            return TypedResults.Text(result.Text!, "text/plain; charset=utf-8", Encoding.UTF8);
        });
        return endpoints;
    }

    /// <summary>A diff shows source code: no cache along the way keeps it.</summary>
    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static ProblemHttpResult Problem(ChangesFailure failure)
    {
        var result = failure.Kind switch
        {
            ChangesFailureKind.InvalidPath => ApiProblems.BadRequest(failure.Message),
            ChangesFailureKind.ProjectNotFound or ChangesFailureKind.NotChanged or ChangesFailureKind.NotAWorkTree => ApiProblems.NotFound(failure.Message),
            ChangesFailureKind.GitMissing => Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", failure.Message, "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4"),
            ChangesFailureKind.TimedOut => Create(StatusCodes.Status504GatewayTimeout, "Gateway timeout", failure.Message, "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5"),
            _ => Create(StatusCodes.Status500InternalServerError, "git failed", failure.Message, "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1"),
        };
        if (failure.Kind == ChangesFailureKind.NotAWorkTree)
        {
            result.ProblemDetails.Extensions["reason"] = NotAWorkTreeReason;
        }

        return result;
    }

    private static ProblemHttpResult Create(int status, string title, string detail, string type)
        => TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type });
}
