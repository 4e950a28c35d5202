using System.Security.Claims;
using System.Text.Encodings.Web;
using DeskMirror.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// HTTP Basic Auth, realm <c>DeskMirror</c>. Also the challenge of the default scheme: API clients get
/// <c>401</c> with <c>WWW-Authenticate</c>; browsers get a redirect to <c>/signin</c> (page loads) or a bare 401
/// (fetch, WebSocket, assets), never a Basic prompt.
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialCheck check)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var result = BasicCredentialParser.TryParse(header, out var username, out var password, out var reason)
            ? check.CheckPassword(Context, username, password, "Basic")
            : check.RejectMalformed(Context, reason);
        if (!result.IsAccepted)
        {
            return Task.FromResult(AuthenticateResult.Fail(result.IsThrottled ? "too many failed attempts" : "invalid credentials"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, username), new Claim(AuthSchemes.ViaClaim, "basic")],
            AuthSchemes.Basic);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (CredentialCheck.WasThrottled(Context, out var retryAfter))
        {
            await CredentialCheck.TooManyRequests(Context, retryAfter).ExecuteAsync(Context);
            return;
        }

        if (BrowserDetection.IsNavigation(Request))
        {
            var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }

        if (!BrowserDetection.IsBrowser(Request))
        {
            Response.Headers.WWWAuthenticate = $"Basic realm=\"{AuthSchemes.Realm}\", charset=\"UTF-8\"";
        }

        await ApiProblems.Unauthorized("Sign in, or send HTTP Basic credentials.").ExecuteAsync(Context);
    }

}
