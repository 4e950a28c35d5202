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

    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("0.5", 500)]
    public void TimeoutSeconds_Number_GivesTimeSpan(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), OptionValues.TimeoutSeconds(text, "--half-close-timeout", TimeSpan.Zero));

    [Fact]
    public void TimeoutSeconds_Zero_TurnsTheTimeoutOff() =>
        Assert.Equal(Timeout.InfiniteTimeSpan, OptionValues.TimeoutSeconds("0", "--first-byte-timeout", TimeSpan.Zero));

    [Theory]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("999999999")]
    public void TimeoutSeconds_Bad_ThrowsNamingTheOption(string text)
    {
        var error = Assert.Throws<UsageException>(() => OptionValues.TimeoutSeconds(text, "--first-byte-timeout", TimeSpan.Zero));
        Assert.StartsWith("--first-byte-timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNegativeInt_Zero_IsAccepted() => Assert.Equal(0, OptionValues.NonNegativeInt("0", "--descriptor-reserve", 1024));

    [Fact]
    public void NonNegativeInt_Negative_ThrowsNamingTheOption() =>
        Assert.StartsWith("--descriptor-reserve", Assert.Throws<UsageException>(() => OptionValues.NonNegativeInt("-1", "--descriptor-reserve", 1024)).Message, StringComparison.Ordinal);
}
