using System.Globalization;
using DeskMirror.Server.Http;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Refuses credential attempts (a Basic header, the sign-in form, a sign-in link) from an address that has
/// failed too often: 429 with <c>Retry-After</c>, before any password is even compared.
/// </summary>
internal sealed class ThrottleMiddleware(RequestDelegate next, FailureThrottle throttle)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!AttemptsCredentials(context.Request) || !throttle.IsBlocked(ClientAddress.Of(context), out var retryAfter))
        {
            return next(context);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.WriteAsync(context, ApiProblems.TooManyRequests(retryAfter));
    }

    internal static bool AttemptsCredentials(HttpRequest request)
        => request.Headers.ContainsKey("Authorization")
            || (HttpMethods.IsPost(request.Method) && request.Path.Equals("/auth/sign-in", StringComparison.OrdinalIgnoreCase))
            || request.Path.Equals("/auth/pair", StringComparison.OrdinalIgnoreCase)
            || (request.Path.Equals("/", StringComparison.Ordinal) && request.Query.ContainsKey("token"));
}
