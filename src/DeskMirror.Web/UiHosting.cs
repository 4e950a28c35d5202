using Microsoft.AspNetCore.Builder;

namespace DeskMirror.Web;

/// <summary>Adds the UI to the app server. SHELL: the UI issue fills it in; the desktop core calls it.</summary>
public static class UiHosting
{
    /// <summary>Registers the UI's services (Razor components, localisation).</summary>
    public static WebApplicationBuilder AddDeskMirrorUi(this WebApplicationBuilder builder) => builder;

    /// <summary>Maps the UI's pages and static assets after the API.</summary>
    public static WebApplication MapDeskMirrorUi(this WebApplication app) => app;
}
