using System.Globalization;
using DeskMirror.Server.Http;
using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// The one place a credential is checked: Basic Auth on any route, the sign-in form, pairing links and launch
/// links all call it. The throttle decision is part of the check, not a comparison of paths in front of it, so no
/// spelling of a route (trailing slash, case, percent-encoding, double slashes) and no future door can compare a
/// credential without passing the throttle. A throttled attempt is refused before anything is compared or
/// consumed (a valid one-time link stays valid), and it is not counted again.
/// </summary>
internal sealed class CredentialCheck(CredentialStore credentials, SignInLinks links, FailureThrottle throttle, ILogger<CredentialCheck> logger)
{
    private static readonly object ThrottledItem = new();

    /// <summary>Username and password, from a Basic header or the sign-in form (<paramref name="door"/> names which, for the log).</summary>
    public CredentialCheckResult CheckPassword(HttpContext context, string username, string password, string door)
        => Check(context, () => credentials.Verify(username, password), $"wrong username or password ({door})");

    /// <summary>A one-time sign-in link's token; it is consumed only when the attempt is not throttled.</summary>
    public CredentialCheckResult CheckLink(HttpContext context, SignInLinkKind kind, string? token)
        => Check(context, () => links.TryRedeem(kind, token), kind == SignInLinkKind.Pairing ? "invalid pairing link" : "invalid launch link");

    /// <summary>A credential too malformed to compare (bad base64, no colon…): a failure all the same.</summary>
    public CredentialCheckResult RejectMalformed(HttpContext context, string reason)
        => Check(context, static () => false, reason);

    /// <summary>Whether a check on this request was refused by the throttle, and for how long.</summary>
    public static bool WasThrottled(HttpContext context, out TimeSpan retryAfter)
    {
        if (context.Items.TryGetValue(ThrottledItem, out var value) && value is TimeSpan span)
        {
            retryAfter = span;
            return true;
        }

        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary><c>429</c> with <c>Retry-After</c> (whole seconds, at least 1) and a problem body.</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.TooManyRequests(retryAfter);
    }

    private CredentialCheckResult Check(HttpContext context, Func<bool> verify, string reason)
    {
        var key = new ThrottleKey(context.GetRequestMode(), ClientAddress.Of(context));
        if (throttle.IsBlocked(key, out var retryAfter))
        {
            context.Items[ThrottledItem] = retryAfter;
            return new CredentialCheckResult(CredentialVerdict.Throttled, retryAfter);
        }

        if (verify())
        {
            return CredentialCheckResult.Accepted;
        }

        throttle.RecordFailure(key);
        Log.AuthenticationFailed(logger, key.ToString(), reason);
        return CredentialCheckResult.Rejected;
    }
}
