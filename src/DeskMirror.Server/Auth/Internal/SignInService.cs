using System.Security.Claims;
using System.Security.Cryptography;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>Issues and ends the browser cookie of the listener a request arrived on.</summary>
internal sealed class SignInService(AppServerOptions options, SignInRegistry registry, CredentialStore credentials, ILogger<SignInService> logger)
{
    public static string SchemeFor(RequestMode mode) => mode == RequestMode.Desktop ? AuthSchemes.DesktopCookie : AuthSchemes.MirrorCookie;

    public async Task SignInAsync(HttpContext context, string method)
    {
        var mode = context.GetRequestMode();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var now = options.TimeProvider.GetUtcNow();
        var expires = now + options.CookieLifetime;
        await registry.AddAsync(id, mode, expires, context.RequestAborted);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, credentials.Current.Username),
                new Claim(AuthSchemes.ViaClaim, "cookie"),
                new Claim(AuthSchemes.SignInIdClaim, id),
                new Claim(AuthSchemes.ModeClaim, mode.Name()),
            ],
            SchemeFor(mode));
        var properties = new AuthenticationProperties { IsPersistent = true, IssuedUtc = now, ExpiresUtc = expires, AllowRefresh = false };
        await context.SignInAsync(SchemeFor(mode), new ClaimsPrincipal(identity), properties);
        Log.SignedIn(logger, mode.Name(), method);
    }

    public async Task SignOutAsync(HttpContext context)
    {
        var id = context.User.FindFirst(AuthSchemes.SignInIdClaim)?.Value;
        if (id is not null)
        {
            await registry.RemoveAsync(id, context.RequestAborted);
        }

        await context.SignOutAsync(SchemeFor(context.GetRequestMode()));
    }
}
