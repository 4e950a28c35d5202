using System.Globalization;
using Microsoft.Extensions.Localization;

namespace DeskMirror.Web.Localization;

/// <summary>
/// Texts that depend on a count. A plural resource holds one form per category of its language,
/// <c>one{# session}|other{# sessions}</c>; <c>#</c> stands for the count. A category the text lacks
/// falls back to <c>other</c>.
/// </summary>
public static class PluralText
{
    /// <summary>The form of <paramref name="key"/> for <paramref name="count"/> in the current UI culture.</summary>
    public static string Plural(this IStringLocalizer localizer, string key, long count)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var culture = CultureInfo.CurrentUICulture;
        var forms = Parse(localizer[key].Value);
        var category = PluralRules.Select(culture, count);
        var form = forms.GetValueOrDefault(category) ?? forms.GetValueOrDefault(PluralRules.Other) ?? key;
        return form.Replace("#", count.ToString("N0", CultureInfo.CurrentCulture), StringComparison.Ordinal);
    }

    /// <summary>The forms of a plural resource by category; throws <see cref="FormatException"/> when it is not one.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var forms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split('|'))
        {
            var open = part.IndexOf('{', StringComparison.Ordinal);
            if (open <= 0 || !part.EndsWith('}'))
            {
                throw new FormatException($"Not a plural form (category{{text}}): \"{part}\"");
            }

            forms[part[..open].Trim()] = part[(open + 1)..^1];
        }

        return forms;
    }
}
