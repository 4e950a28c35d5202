using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>Wires the two doors: Basic Auth for API clients, a cookie per listener for browsers, and everything closed by default.</summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddDeskMirrorAuthentication(this IServiceCollection services, AppServerOptions options)
    {
        services.AddSingleton(new CredentialStore(options.Credentials));
        services.AddSingleton<FailureThrottle>();
        services.AddSingleton<CredentialCheck>();
        services.AddSingleton<SignInRegistry>();
        services.AddSingleton(new SignInLinks(options));
        services.AddSingleton<SignInService>();

        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "Basic or the listener's cookie", policy =>
            {
                policy.ForwardDefaultSelector = static context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
                        ? AuthSchemes.Basic
                        : SignInService.SchemeFor(context.GetRequestMode());
                // The Basic handler's challenge knows browsers from API clients.
                policy.ForwardChallenge = AuthSchemes.Basic;
                policy.ForwardForbid = AuthSchemes.Basic;
            })
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(AuthSchemes.Basic, basic => basic.TimeProvider = options.TimeProvider)
            .AddCookie(AuthSchemes.DesktopCookie, cookie => ConfigureCookie(cookie, options, AuthSchemes.DesktopCookieName, RequestMode.Desktop))
            .AddCookie(AuthSchemes.MirrorCookie, cookie => ConfigureCookie(cookie, options, AuthSchemes.MirrorCookieName, RequestMode.Mirror));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthSchemes.Default).RequireAuthenticatedUser().Build());
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, AppServerOptions options, string name, RequestMode mode)
    {
        cookie.TimeProvider = options.TimeProvider;
        cookie.Cookie.Name = name;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = "/";
        cookie.ExpireTimeSpan = options.CookieLifetime;
        cookie.SlidingExpiration = false;
        cookie.Events.OnValidatePrincipal = async context =>
        {
            var principal = context.Principal;
            var id = principal?.FindFirst(AuthSchemes.SignInIdClaim)?.Value;
            var registry = context.HttpContext.RequestServices.GetRequiredService<SignInRegistry>();
            // A cookie belongs to the listener it was issued on, and lives only while its sign-in does.
            if (id is null
                || principal!.FindFirst(AuthSchemes.ModeClaim)?.Value != mode.Name()
                || !registry.IsActive(id, mode))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
            }
        };
        // The cookie schemes are never challenged directly (the policy forwards to Basic); answer plainly if one is.
        cookie.Events.OnRedirectToLogin = static context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = static context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }
}
