using System.Globalization;
using DeskMirror.Server.Desktop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Localization;

/// <summary>The UI's languages and how a request picks one: settings, then Accept-Language.</summary>
public static class UiCultures
{
    /// <summary>The default and the language every key is written in first.</summary>
    public const string Default = "en";

    /// <summary>Every language the UI is translated into, by culture name.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["ar", "pt-BR", "da", "de", "en", "es", "fr", "ja", "ko", "nb", "pl", "ru", "th", "zh-Hans", "zh-Hant"];

    /// <summary>True for languages written right to left.</summary>
    public static bool IsRightToLeft(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TextInfo.IsRightToLeft;
    }

    /// <summary>The supported culture a settings value names, or null (unset, "auto" or unknown).</summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        foreach (var candidate in Supported)
        {
            if (string.Equals(candidate, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A language's own name, for the language picker.</summary>
    public static string NativeName(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        var native = culture.NativeName;
        return native.Length > 0 ? char.ToUpper(native[0], culture) + native[1..] : name;
    }

    internal static RequestLocalizationOptions CreateLocalizationOptions(IServiceProvider services)
    {
        var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders.Clear();
        options.RequestCultureProviders.Add(new CustomRequestCultureProvider(context =>
        {
            var language = Normalize(services.GetService<IDesktopControl>()?.GetSettings().Language);
            return Task.FromResult(language is null ? null : new ProviderCultureResult(language));
        }));
        options.RequestCultureProviders.Add(new AcceptLanguageHeaderRequestCultureProvider());
        return options;
    }
}
