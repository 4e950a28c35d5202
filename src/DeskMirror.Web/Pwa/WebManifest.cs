using System.Text.Json.Serialization;

namespace DeskMirror.Web.Pwa;

/// <summary>The web app manifest (<c>/manifest.webmanifest</c>): what a phone needs to install DeskMirror as an app.</summary>
internal sealed record WebManifest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("short_name")] string ShortName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("lang")] string Lang,
    [property: JsonPropertyName("dir")] string Dir,
    [property: JsonPropertyName("start_url")] string StartUrl,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("display")] string Display,
    [property: JsonPropertyName("background_color")] string BackgroundColor,
    [property: JsonPropertyName("theme_color")] string ThemeColor,
    [property: JsonPropertyName("icons")] IReadOnlyList<ManifestIcon> Icons);

/// <summary>One icon of the manifest.</summary>
internal sealed record ManifestIcon(
    [property: JsonPropertyName("src")] string Src,
    [property: JsonPropertyName("sizes")] string Sizes,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("purpose")] string Purpose);
