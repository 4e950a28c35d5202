using System.Security.Claims;
using System.Security.Cryptography;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Devices.Internal;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Log = DeskMirror.Server.Internal.Log;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Issues and ends the browser cookie of the listener a request arrived on. A sign-in records what a device list
/// shows: how it was made, the browser's address (the PROXY header's source on the mirror) and its User-Agent.
/// </summary>
internal sealed class SignInService(
    AppServerOptions options, SignInRegistry registry, DeviceRegistry devices, CredentialStore credentials, ILogger<SignInService> logger)
{
    public static string SchemeFor(RequestMode mode) => mode == RequestMode.Desktop ? AuthSchemes.DesktopCookie : AuthSchemes.MirrorCookie;

    private static string MethodName(SignInVia via) => via switch
    {
        SignInVia.Pairing => "pairing link",
        SignInVia.Launch => "launch link",
        _ => "password",
    };

    public async Task SignInAsync(HttpContext context, SignInVia via)
    {
        var mode = context.GetRequestMode();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var now = options.TimeProvider.GetUtcNow();
        var expires = now + options.CookieLifetime;
        // The device's public name is drawn apart from the cookie's id, so showing one says nothing about the other.
        var record = new SignInRecord(
            id,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            mode,
            via,
            now,
            expires,
            ClientAddress.Of(context),
            context.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent ? userAgent : null,
            now);
        await registry.AddAsync(record, context.RequestAborted);
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
        Log.SignedIn(logger, mode.Name(), MethodName(via));
        devices.SignedIn(record);
    }

    public async Task SignOutAsync(HttpContext context)
    {
        var id = context.User.FindFirst(AuthSchemes.SignInIdClaim)?.Value;
        if (id is not null)
        {
            // Ends its other requests too (a device's streams); this one goes on to answer.
            await devices.EndAsync(id, DeviceRemovalReason.SignedOut, current: context);
        }

        await context.SignOutAsync(SchemeFor(context.GetRequestMode()));
    }
}
