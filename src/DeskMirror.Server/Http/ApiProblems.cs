using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DeskMirror.Server.Http;

/// <summary>
/// RFC 9457 problem bodies (<c>application/problem+json</c>) for every refusal the API makes, so clients
/// and tests read one shape: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, and for a refused
/// mirror request the <c>rule</c> of <see cref="MirrorPolicy"/> that refused it.
/// </summary>
public static class ApiProblems
{
    /// <summary>400: the request is malformed or names something invalid; <paramref name="detail"/> says what to fix.</summary>
    public static ProblemHttpResult BadRequest(string detail)
        => Create(StatusCodes.Status400BadRequest, "Bad request", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1");

    /// <summary>401: no valid credentials (API clients also get <c>WWW-Authenticate</c> from the auth handler).</summary>
    public static ProblemHttpResult Unauthorized(string detail)
        => Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2");

    /// <summary>403 for a mirror request refused by <see cref="MirrorPolicy"/>; <paramref name="rule"/> is one of its <c>Rule…</c> names.</summary>
    public static ProblemHttpResult Forbidden(string rule)
        => Forbidden(rule, MirrorPolicy.Describe(rule));

    /// <summary>403 with a rule name and an explicit explanation.</summary>
    public static ProblemHttpResult Forbidden(string rule, string detail)
    {
        var result = Create(StatusCodes.Status403Forbidden, "Forbidden", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4");
        result.ProblemDetails.Extensions["rule"] = rule;
        return result;
    }

    /// <summary>404: <paramref name="detail"/> names what was not found.</summary>
    public static ProblemHttpResult NotFound(string detail)
        => Create(StatusCodes.Status404NotFound, "Not found", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5");

    /// <summary>409: the request conflicts with what exists (e.g. a project already added).</summary>
    public static ProblemHttpResult Conflict(string detail)
        => Create(StatusCodes.Status409Conflict, "Conflict", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10");

    /// <summary>413: the body is larger than <paramref name="limitBytes"/>.</summary>
    public static ProblemHttpResult PayloadTooLarge(long limitBytes)
        => Create(
            StatusCodes.Status413PayloadTooLarge,
            "Payload too large",
            $"The request body is larger than the limit of {limitBytes} bytes.",
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14");

    /// <summary>421: the request named a host this listener does not answer to; <paramref name="detail"/> says how to allow it.</summary>
    public static ProblemHttpResult MisdirectedRequest(string rule, string detail)
    {
        var result = Create(StatusCodes.Status421MisdirectedRequest, "Misdirected request", detail, "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.20");
        result.ProblemDetails.Extensions["rule"] = rule;
        return result;
    }

    /// <summary>
    /// The status Kestrel gave a body it could not read: 408 when it arrived too slowly (below the minimum data
    /// rate), 413 past the size limit, 400 when it ended early or was malformed.
    /// </summary>
    public static ProblemHttpResult UnreadableBody(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode switch
        {
            StatusCodes.Status408RequestTimeout => Create(
                StatusCodes.Status408RequestTimeout,
                "Request timeout",
                "The request body arrived too slowly; send it without pauses.",
                "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9"),
            StatusCodes.Status413PayloadTooLarge => Create(
                StatusCodes.Status413PayloadTooLarge,
                "Payload too large",
                "The request body is larger than the server accepts.",
                "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14"),
            _ => BadRequest("The request body could not be read: " + exception.Message),
        };
    }

    /// <summary>429: too many failed sign-in attempts from this address; the caller also sets <c>Retry-After</c>.</summary>
    public static ProblemHttpResult TooManyRequests(TimeSpan retryAfter)
        => Create(
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"Too many failed sign-in attempts from this address. Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} seconds.",
            "https://www.rfc-editor.org/rfc/rfc6585#section-4");

    /// <summary>Writes a problem from middleware, outside an endpoint.</summary>
    public static Task WriteAsync(HttpContext context, ProblemHttpResult problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        return problem.ExecuteAsync(context);
    }

    private static ProblemHttpResult Create(int status, string title, string detail, string type)
        => TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type });
}
