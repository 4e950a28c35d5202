using DeskMirror.Server.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tls;
using DeskMirror.Web.Components;
using DeskMirror.Web.Components.Layout;
using DeskMirror.Web.Internal;
using DeskMirror.Web.Localization;
using DeskMirror.Web.Pwa;
using DeskMirror.Web.Sidebar;
using DeskMirror.Web.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeskMirror.Web;

/// <summary>Adds the UI to the app server; the desktop core calls both through <c>AppServerOptions</c>.</summary>
public static class UiHosting
{
    /// <summary>
    /// How often the server pings each circuit. The page treats a connection silent for 10 s as dead
    /// (app.js), so a lost network shows within seconds even when the device does not notice it.
    /// </summary>
    public static readonly TimeSpan CircuitKeepAlive = TimeSpan.FromSeconds(4);

    /// <summary>Registers the UI's services (Razor components, localisation).</summary>
    public static WebApplicationBuilder AddDeskMirrorUi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The hub filter tells each circuit which listener its own connection arrived on (its mode).
        builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(hub =>
        {
            hub.AddFilter<ListenerHubFilter>();
            hub.KeepAliveInterval = CircuitKeepAlive;
        });
        builder.Services.TryAddSingleton<ListenerHubFilter>();
        builder.Services.AddLocalization();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddDeskMirrorUiServices();
        return builder;
    }

    /// <summary>The UI's own services, without the ASP.NET Core parts (the component tests use this too).</summary>
    public static IServiceCollection AddDeskMirrorUiServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.AddScoped<UiContext>();
        services.AddScoped<SidebarSync>();
        services.AddScoped<WorkspaceState>();
        services.AddScoped<DeviceState>();
        services.AddScoped<CircuitListenerBinder>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitListenerBinder>());
        services.AddScoped<ConnectionWatcher>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<ConnectionWatcher>());
        services.AddScoped<CircuitHandler, CircuitCultureHandler>();
        return services;
    }

    /// <summary>Maps the UI's pages and static assets after the API.</summary>
    public static WebApplication MapDeskMirrorUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLocalization(UiCultures.CreateLocalizationOptions(app.Services));
        UiAssets.UseUiAssets(app);
        app.UseAntiforgery();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPwa();

        // The localized sign-in page. The server may map its plain built-in page at the same route; this
        // one comes first (a lower order), so the host needs no option to choose.
        app.MapGet("/signin", static (HttpContext context, string? returnUrl, string? error) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers["X-Frame-Options"] = "DENY";
                return new RazorComponentResult<SignInPage>(new { ReturnUrl = returnUrl, Error = error });
            })
            .AllowAnonymous()
            .WithOrder(-1);
        app.MapGet(TrustPaths.Page, static (HttpContext context, AppServerOptions options) =>
            {
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers["X-Frame-Options"] = "DENY";
                var authority = options.MirrorTls == MirrorTlsMode.Off ? null : options.CertificateAuthority;
                var mirror = context.GetRequestMode() == RequestMode.Mirror;
                return new RazorComponentResult<TrustPage>(new
                {
                    Mode = options.MirrorTls,
                    Fingerprint = authority is null ? null : CertificateFingerprint.Sha256(authority),
                    HttpsUrl = mirror && !context.Request.IsHttps && options.MirrorTls != MirrorTlsMode.Off && context.Request.Host.HasValue
                        ? $"https://{context.Request.Host.Value}/"
                        : null,
                    // The desktop shows where a phone opens this page; the mirror is already on the phone.
                    PhoneUrl = mirror ? null : context.RequestServices.GetService<IDesktopControl>()?.GetMirrorStatus().Tls?.TrustUrl,
                });
            })
            .AllowAnonymous()
            .WithOrder(-1);

        // Any other address read with GET: a browser gets the UI's "not found" page, an API client a problem
        // body; both 404. Paths that look like files are left out, so the asset middleware still serves
        // /ui/… and /_framework/…; other methods keep the routing's own answers (405 on a known route).
        app.MapFallback("{*path:nonfile}", static (HttpContext context) =>
                context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
                    ? (IResult)new RazorComponentResult<App> { StatusCode = StatusCodes.Status404NotFound }
                    : ApiProblems.NotFound($"There is nothing at {context.Request.Path}."))
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }
}
