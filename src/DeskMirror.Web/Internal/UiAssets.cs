using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace DeskMirror.Web.Internal;

/// <summary>
/// Serves the UI's files from resources embedded in this assembly: <c>/ui/…</c> (css, js, the xterm.js
/// libraries) and <c>/_framework/blazor.web.js</c>. The host is a plain console project without the
/// static web assets pipeline, and embedding makes the UI work the same from bin/, a publish folder or a
/// tool package.
/// </summary>
internal static class UiAssets
{
    /// <summary>Prefix of every UI asset URL.</summary>
    public const string Prefix = "/ui";

    /// <summary>This build's tag: in asset URLs, and in the service worker so an upgrade replaces it.</summary>
    public static readonly string VersionTag = Uri.EscapeDataString(
        typeof(UiAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]);

    public static void UseUiAssets(IApplicationBuilder app)
    {
        var assembly = typeof(UiAssets).Assembly;
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Prefix,
            FileProvider = new EmbeddedFileProvider(assembly, "DeskMirror.Web.wwwroot"),
            OnPrepareResponse = NoCacheWithoutVersion,
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/_framework",
            FileProvider = new EmbeddedFileProvider(assembly, "DeskMirror.Web.framework"),
            OnPrepareResponse = NoCacheWithoutVersion,
        });
    }

    /// <summary>URLs carry the assembly version (<see cref="Url"/>); others revalidate so an upgrade is never stale.</summary>
    private static void NoCacheWithoutVersion(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers.CacheControl = context.Context.Request.Query.ContainsKey("v")
            ? "private, max-age=31536000, immutable"
            : "no-cache";
    }

    /// <summary>A cache-busting URL of an embedded asset under <c>/ui</c>.</summary>
    public static string Url(string path) => $"{Prefix}/{path}?v={VersionTag}";
}
