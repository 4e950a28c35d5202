using DeskMirror.Cli;

namespace DeskMirror.Tests.Cli;

public sealed class OptionValuesTests
{
    [Fact]
    public void PositiveInt_Missing_GivesTheDefault() => Assert.Equal(7, OptionValues.PositiveInt(null, "--n", 7));

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("many")]
    [InlineData("99999999999")]
    public void PositiveInt_Bad_ThrowsNamingTheOption(string text)
    {
        var error = Assert.Throws<UsageException>(() => OptionValues.PositiveInt(text, "--max-connections", 1));
        Assert.StartsWith("--max-connections", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5", 5000)]
    [InlineData("0.25", 250)]
    public void PositiveSeconds_Number_GivesTimeSpan(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), OptionValues.PositiveSeconds(text, "--connect-timeout", TimeSpan.Zero));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("5s")]
    [InlineData("1e9")]
    public void PositiveSeconds_Bad_ThrowsNamingTheOption(string text)
    {
        var error = Assert.Throws<UsageException>(() => OptionValues.PositiveSeconds(text, "--connect-timeout", TimeSpan.Zero));
        Assert.StartsWith("--connect-timeout", error.Message, StringComparison.Ordinal);
    }
}
