using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using DeskMirror.Web.Components.Pwa;
using DeskMirror.Web.Internal;
using DeskMirror.Web.Localization;
using DeskMirror.Web.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace DeskMirror.Web.Pwa;

/// <summary>
/// What makes DeskMirror an installable app, open without signing in like <c>/health</c>: the manifest (browsers
/// fetch it without cookies), the service worker at <c>/sw.js</c> (its scope is the folder it is served from, so
/// it sits at the root; its update checks must work after a sign-in has expired), the icons, and the offline
/// page. All four are the same for every visitor and hold nothing but the app's own name, words and pictures.
/// </summary>
internal static class PwaEndpoints
{
    public const string ManifestPath = "/manifest.webmanifest";
    public const string ServiceWorkerPath = "/sw.js";
    public const string OfflinePath = "/offline";
    public const string IconPrefix = "/pwa/";

    private const string Background = "#0f1419";

    /// <summary>The icons served under <see cref="IconPrefix"/>; nothing else is.</summary>
    private static readonly FrozenSet<string> Icons = FrozenSet.Create(
        StringComparer.Ordinal, "icon-192.png", "icon-512.png", "icon-maskable-192.png", "icon-maskable-512.png", "apple-touch-icon.png", "badge-96.png");

    private static readonly Lazy<byte[]> ServiceWorker = new(() => Encoding.UTF8.GetBytes(
        ReadText("sw.js").Replace("__DESKMIRROR_VERSION__", UiAssets.VersionTag, StringComparison.Ordinal)));

    public static void MapPwa(this WebApplication app)
    {
        app.MapGet(ManifestPath, static (HttpContext context, IStringLocalizer<UiText> text) =>
        {
            NoCache(context);
            var culture = CultureInfo.CurrentUICulture;
            var manifest = new WebManifest(
                Id: "/",
                Name: "DeskMirror",
                ShortName: "DeskMirror",
                Description: text["ManifestDescription"],
                Lang: culture.Name,
                Dir: UiCultures.IsRightToLeft(culture) ? "rtl" : "ltr",
                StartUrl: "/",
                Scope: "/",
                Display: "standalone",
                BackgroundColor: Background,
                ThemeColor: Background,
                Icons:
                [
                    new("/pwa/icon-192.png", "192x192", "image/png", "any"),
                    new("/pwa/icon-512.png", "512x512", "image/png", "any"),
                    new("/pwa/icon-maskable-192.png", "192x192", "image/png", "maskable"),
                    new("/pwa/icon-maskable-512.png", "512x512", "image/png", "maskable"),
                ]);
            return TypedResults.Json(manifest, PwaJsonContext.Default.WebManifest, "application/manifest+json");
        }).AllowAnonymous();

        app.MapGet(ServiceWorkerPath, static (HttpContext context) =>
        {
            NoCache(context);
            return TypedResults.Bytes(ServiceWorker.Value, "text/javascript; charset=utf-8");
        }).AllowAnonymous();

        app.MapGet(IconPrefix + "{name}", static Results<FileStreamHttpResult, NotFound> (HttpContext context, string name) =>
        {
            if (!Icons.Contains(name))
            {
                return TypedResults.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=86400";
            return TypedResults.Stream(Open(name), "image/png");
        }).AllowAnonymous();

        app.MapGet(OfflinePath, static (HttpContext context) =>
        {
            NoCache(context);
            context.Response.Headers["X-Frame-Options"] = "DENY";
            return new RazorComponentResult<OfflinePage>();
        }).AllowAnonymous();
    }

    private static void NoCache(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
    }

    private static Stream Open(string name)
        => typeof(PwaEndpoints).Assembly.GetManifestResourceStream("DeskMirror.Web.wwwroot.pwa." + name)
            ?? throw new InvalidOperationException($"The embedded resource for {name} is missing.");

    private static string ReadText(string name)
    {
        using var reader = new StreamReader(Open(name));
        return reader.ReadToEnd();
    }
}
