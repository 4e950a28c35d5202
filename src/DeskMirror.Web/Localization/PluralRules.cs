using System.Globalization;

namespace DeskMirror.Web.Localization;

/// <summary>
/// The CLDR plural categories of whole numbers for the UI's languages (unicode.org, "Language Plural
/// Rules"), so a count reads right in each: "1 session", "2 sessions"; Arabic's six forms, Polish and
/// Russian's few and many. .NET has no plural rules of its own; the UI counts whole things only, so
/// the integer rules are all it needs.
/// </summary>
public static class PluralRules
{
    public const string Zero = "zero";
    public const string One = "one";
    public const string Two = "two";
    public const string Few = "few";
    public const string Many = "many";
    public const string Other = "other";

    /// <summary>The categories a language distinguishes for whole numbers; every one has <see cref="Other"/>.</summary>
    public static IReadOnlyList<string> CategoriesOf(string language) => Family(language) switch
    {
        Rules.Arabic => [Zero, One, Two, Few, Many, Other],
        Rules.Slavic => [One, Few, Many, Other],
        Rules.None => [Other],
        _ => [One, Other],
    };

    /// <summary>The category of <paramref name="count"/> in <paramref name="culture"/>'s language.</summary>
    public static string Select(CultureInfo culture, long count)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs(count);
        var mod10 = n % 10;
        var mod100 = n % 100;
        return Family(LanguageOf(culture)) switch
        {
            Rules.Arabic => n switch
            {
                0 => Zero,
                1 => One,
                2 => Two,
                _ when mod100 is >= 3 and <= 10 => Few,
                _ when mod100 is >= 11 and <= 99 => Many,
                _ => Other,
            },
            Rules.Slavic when IsPolish(culture) => n == 1 ? One : mod10 is >= 2 and <= 4 && mod100 is < 12 or > 14 ? Few : Many,
            Rules.Slavic => mod10 == 1 && mod100 != 11 ? One : mod10 is >= 2 and <= 4 && mod100 is < 12 or > 14 ? Few : Many,
            Rules.None => Other,
            Rules.ZeroAndOne => n is 0 or 1 ? One : Other,
            _ => n == 1 ? One : Other,
        };
    }

    /// <summary>The language part a culture's rules are looked up by: "pt-BR" stays, "de-AT" is "de".</summary>
    internal static string LanguageOf(CultureInfo culture)
        => string.Equals(culture.Name, "pt-BR", StringComparison.OrdinalIgnoreCase) ? "pt-BR" : culture.TwoLetterISOLanguageName;

    private static bool IsPolish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "pl";

    private static Rules Family(string language) => language switch
    {
        "ar" => Rules.Arabic,
        "pl" or "ru" => Rules.Slavic,
        "ja" or "ko" or "th" or "zh" or "zh-Hans" or "zh-Hant" => Rules.None,
        // French and Brazilian Portuguese count 0 as singular ("0 session"); European Portuguese does not.
        "fr" or "pt-BR" => Rules.ZeroAndOne,
        _ => Rules.OneOther,
    };

    private enum Rules
    {
        OneOther,
        ZeroAndOne,
        Arabic,
        Slavic,
        None,
    }
}
