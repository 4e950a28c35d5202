using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using DeskMirror.Web.Localization;
using DeskMirror.Web.Resources;

namespace DeskMirror.Web.Tests;

/// <summary>Every language has every key, translated: a missing key or an English leftover fails here.</summary>
public sealed partial class LocalizationTests
{
    /// <summary>Keys whose English text is also the word several languages use (a loanword), so a match is not a leftover.</summary>
    private static readonly HashSet<string> MayMatchEnglish = ["Terminal", "TabSessions", "ViewText"];

    private static readonly ResourceManager Resources = new("DeskMirror.Web.Resources.UiText", typeof(UiText).Assembly);

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for {culture.Name}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    public static TheoryData<string> Languages()
    {
        var data = new TheoryData<string>();
        foreach (var name in UiCultures.Supported.Where(n => n != UiCultures.Default))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Supported_AreTheFifteenLanguagesOfTheDesign()
        => Assert.Equal(
            ["ar", "da", "de", "en", "es", "fr", "ja", "ko", "nb", "pl", "pt-BR", "ru", "th", "zh-Hans", "zh-Hant"],
            UiCultures.Supported.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Languages))]
    public void Language_HasEveryKeyTranslatedWithTheSamePlaceholders(string name)
    {
        var english = Read(CultureInfo.InvariantCulture);
        var translated = Read(CultureInfo.GetCultureInfo(name));

        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        var leftovers = english
            .Where(e => !MayMatchEnglish.Contains(e.Key) && string.Equals(e.Value.Trim(), translated[e.Key].Trim(), StringComparison.Ordinal))
            .Select(e => e.Key)
            .ToList();
        Assert.True(leftovers.Count == 0, $"{name}: left in English: {string.Join(", ", leftovers)}");
        foreach (var (key, value) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(translated[key]), $"{name}: {key} is empty");
            Assert.Equal(Placeholders(value), Placeholders(translated[key]));
        }
    }

    [Fact]
    public void Components_UseOnlyKeysThatExist()
    {
        var english = Read(CultureInfo.InvariantCulture);
        var source = FindSourceFolder();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*.razor", SearchOption.AllDirectories))
        {
            foreach (Match match in KeyUse().Matches(File.ReadAllText(file)))
            {
                used.Add(match.Groups[1].Value);
            }
        }

        // Keys built at run time: the session states, the change states and the phone's key row.
        foreach (var status in Enum.GetNames<DeskMirror.Server.Sessions.SessionStatus>())
        {
            used.Add("Status" + status);
        }

        foreach (var status in Enum.GetNames<DeskMirror.Server.Changes.ChangeStatus>())
        {
            used.Add("Change" + status);
        }

        foreach (var key in Components.Session.PhoneKeys.Keys.Where(k => k.LabelKey is not null))
        {
            used.Add(key.LabelKey!);
        }

        Assert.True(used.Count > 50, "the scan found too few keys to be right");
        Assert.Empty(used.Except(english.Keys));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Language_PluralTexts_HaveExactlyTheFormsItsRulesNeed(string name)
    {
        var english = Read(CultureInfo.InvariantCulture);
        var translated = Read(CultureInfo.GetCultureInfo(name));
        var plurals = english.Where(e => PluralShape().IsMatch(e.Value)).Select(e => e.Key).ToList();

        Assert.Contains("SessionCount", plurals);
        Assert.Equal([PluralRules.One, PluralRules.Other], PluralText.Parse(english["SessionCount"]).Keys.Order(StringComparer.Ordinal));
        foreach (var key in plurals)
        {
            var forms = PluralText.Parse(translated[key]);
            Assert.True(
                PluralRules.CategoriesOf(name).Order(StringComparer.Ordinal).SequenceEqual(forms.Keys.Order(StringComparer.Ordinal)),
                $"{name}: {key} has the forms {string.Join(", ", forms.Keys)}; the language needs {string.Join(", ", PluralRules.CategoriesOf(name))}");
            Assert.All(forms.Values, form => Assert.False(string.IsNullOrWhiteSpace(form), $"{name}: {key} has an empty form"));
        }
    }

    [Fact]
    public void Arabic_IsRightToLeft_OthersAreNot()
    {
        Assert.True(UiCultures.IsRightToLeft(CultureInfo.GetCultureInfo("ar")));
        Assert.All(UiCultures.Supported.Where(n => n != "ar"), n => Assert.False(UiCultures.IsRightToLeft(CultureInfo.GetCultureInfo(n))));
    }

    [Theory]
    [InlineData("AR", "ar")]
    [InlineData(" zh-hant ", "zh-Hant")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("", null)]
    [InlineData("auto", null)]
    [InlineData("klingon", null)]
    public void Normalize_SettingsValue_GivesASupportedCultureOrNone(string value, string? expected)
        => Assert.Equal(expected, UiCultures.Normalize(value));

    private static List<string> Placeholders(string text)
        => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    private static string FindSourceFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "DeskMirror.Web")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("src/DeskMirror.Web"), "src", "DeskMirror.Web");
    }

    [GeneratedRegex(@"^[a-z]+\{[^}]*\}(\|[a-z]+\{[^}]*\})*$")]
    private static partial Regex PluralShape();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\bT(?:\[|\.Plural\()""([A-Za-z]+)""")]
    private static partial Regex KeyUse();
}
