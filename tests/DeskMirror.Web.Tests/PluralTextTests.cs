using System.Globalization;
using DeskMirror.Web.Localization;
using DeskMirror.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace DeskMirror.Web.Tests;

/// <summary>Counts read right in every language: the CLDR categories, and the resource form each picks.</summary>
public sealed class PluralTextTests
{
    [Theory]
    [InlineData("en", 0, "other")]
    [InlineData("en", 1, "one")]
    [InlineData("en", 2, "other")]
    [InlineData("fr", 0, "one")]
    [InlineData("fr", 1, "one")]
    [InlineData("fr", 2, "other")]
    [InlineData("pt-BR", 0, "one")]
    [InlineData("ar", 0, "zero")]
    [InlineData("ar", 1, "one")]
    [InlineData("ar", 2, "two")]
    [InlineData("ar", 3, "few")]
    [InlineData("ar", 10, "few")]
    [InlineData("ar", 11, "many")]
    [InlineData("ar", 99, "many")]
    [InlineData("ar", 100, "other")]
    [InlineData("ar", 103, "few")]
    [InlineData("ru", 1, "one")]
    [InlineData("ru", 21, "one")]
    [InlineData("ru", 11, "many")]
    [InlineData("ru", 2, "few")]
    [InlineData("ru", 22, "few")]
    [InlineData("ru", 12, "many")]
    [InlineData("ru", 5, "many")]
    [InlineData("pl", 1, "one")]
    [InlineData("pl", 21, "many")]
    [InlineData("pl", 22, "few")]
    [InlineData("pl", 12, "many")]
    [InlineData("ja", 1, "other")]
    [InlineData("zh-Hant", 1, "other")]
    public void Select_Count_GivesTheLanguagesCategory(string culture, int count, string expected)
        => Assert.Equal(expected, PluralRules.Select(CultureInfo.GetCultureInfo(culture), count));

    [Theory]
    [InlineData("en", 1, "1 session")]
    [InlineData("en", 3, "3 sessions")]
    [InlineData("ar", 1, "جلسة واحدة")]
    [InlineData("ar", 2, "جلستان")]
    [InlineData("ar", 5, "5 جلسات")]
    [InlineData("ar", 11, "11 جلسة")]
    [InlineData("ru", 2, "2 сеанса")]
    [InlineData("ru", 5, "5 сеансов")]
    [InlineData("pl", 5, "5 sesji")]
    [InlineData("ja", 1, "セッション 1 件")]
    public void Plural_SessionCount_ReadsRight(string culture, int count, string expected)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<UiText>>();
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(expected, localizer.Plural("SessionCount", count));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("{# x}")]
    [InlineData("one{# x}|other")]
    public void Parse_NotAPluralText_Throws(string text)
        => Assert.Throws<FormatException>(() => PluralText.Parse(text));
}
