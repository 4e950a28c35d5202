using DeskMirror.Web.Components;
using DeskMirror.Web.Components.Layout;
using DeskMirror.Web.Internal;
using DeskMirror.Web.Localization;
using DeskMirror.Web.Sidebar;
using DeskMirror.Web.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeskMirror.Web;

/// <summary>Adds the UI to the app server; the desktop core calls both through <c>AppServerOptions</c>.</summary>
public static class UiHosting
{
    /// <summary>Registers the UI's services (Razor components, localisation).</summary>
    public static WebApplicationBuilder AddDeskMirrorUi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
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
        services.AddScoped<ConnectionWatcher>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<ConnectionWatcher>());
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
        return app;
    }
}
