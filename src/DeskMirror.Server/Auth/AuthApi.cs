using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Auth;

/// <summary>
/// The browser door: <c>GET /signin</c> (built-in page, optional), <c>POST /auth/sign-in</c>, <c>POST /auth/sign-out</c>,
/// <c>GET /auth/pair?token=…</c> (mirror), and <c>POST /auth/pairing-link</c> (desktop) to mint a pairing link.
/// </summary>
public static class AuthApi
{
    /// <summary>Largest sign-in form accepted.</summary>
    public const int MaxSignInFormBytes = 16 * 1024;

    /// <summary>Maps the sign-in routes; <paramref name="mapDefaultSignInPage"/> adds the plain HTML page at <c>GET /signin</c>.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints, bool mapDefaultSignInPage = true)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (mapDefaultSignInPage)
        {
            endpoints.MapGet("/signin", static (HttpContext context, string? returnUrl, string? error) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers["X-Frame-Options"] = "DENY";
                return Results.Content(SignInPage.Render(SignInPage.SafeReturnUrl(returnUrl), error), "text/html; charset=utf-8");
            }).AllowAnonymous();
        }

        endpoints.MapPost("/auth/sign-in", SignInAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost("/auth/sign-out", SignOutAsync).AllowAnonymous().DisableAntiforgery();
        endpoints.MapGet("/auth/pair", PairAsync).AllowAnonymous();
        endpoints.MapPost("/auth/pairing-link", static Results<Created<PairingLinkResponse>, ProblemHttpResult> (HttpContext context, SignInLinks links) =>
        {
            if (!MirrorPolicy.CanChangeSettings(context.GetRequestMode()))
            {
                return ApiProblems.Forbidden(MirrorPolicy.RuleChangeSettings);
            }

            var path = links.CreatePairingPath(out var expiresAt);
            return TypedResults.Created(path, new PairingLinkResponse(path, expiresAt));
        });
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, CredentialCheck check, SignInService signIn)
    {
        var request = context.Request;
        // Login CSRF: a browser posting from another site carries that site's Origin.
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !OriginCheckMiddleware.IsSameHost(origin, request.Host))
        {
            return ApiProblems.Forbidden("cross-site-request", "The sign-in form must be posted from this site.");
        }

        if (request.ContentLength > MaxSignInFormBytes)
        {
            return ApiProblems.PayloadTooLarge(MaxSignInFormBytes);
        }

        if (!request.HasFormContentType)
        {
            return ApiProblems.BadRequest("Post the sign-in form (application/x-www-form-urlencoded) with username, password and returnUrl.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueLengthLimit = MaxSignInFormBytes, KeyLengthLimit = 64, ValueCountLimit = 16 }, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return ApiProblems.PayloadTooLarge(MaxSignInFormBytes);
        }
        catch (BadHttpRequestException ex)
        {
            // A form that trickles in (below Kestrel's minimum data rate) or ends early: the client's fault, said quietly.
            return ApiProblems.UnreadableBody(ex);
        }

        var returnUrl = SignInPage.SafeReturnUrl(form["returnUrl"].ToString());
        var result = check.CheckPassword(context, form["username"].ToString(), form["password"].ToString(), "sign-in form");
        if (result.IsThrottled)
        {
            return CredentialCheck.TooManyRequests(context, result.RetryAfter);
        }

        if (!result.IsAccepted)
        {
            return Results.Redirect("/signin?error=invalid&returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        await signIn.SignInAsync(context, SignInVia.Password);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, SignInService signIn)
    {
        await signIn.SignOutAsync(context);
        return Results.Redirect("/signin");
    }

    private static async Task<IResult> PairAsync(HttpContext context, string? token, CredentialCheck check, SignInService signIn)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (context.GetRequestMode() != RequestMode.Mirror)
        {
            return ApiProblems.NotFound("Pairing links open on the mirror's address; the desktop signs in with a launch link or the password.");
        }

        var result = check.CheckLink(context, SignInLinkKind.Pairing, token);
        if (result.IsThrottled)
        {
            return CredentialCheck.TooManyRequests(context, result.RetryAfter);
        }

        if (!result.IsAccepted)
        {
            return Results.Redirect("/signin?error=link&returnUrl=%2F");
        }

        await signIn.SignInAsync(context, SignInVia.Pairing);
        return Results.Redirect("/");
    }
}
