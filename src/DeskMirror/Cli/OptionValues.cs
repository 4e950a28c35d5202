using System.Globalization;

namespace DeskMirror.Cli;

/// <summary>Numbers from the command line, with one-line errors that name the option.</summary>
internal static class OptionValues
{
    public static int PositiveInt(string? text, string option, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new UsageException($"{option} '{text}' must be a whole number of at least 1");
        }

        return value;
    }

    public static TimeSpan PositiveSeconds(string? text, string option, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds <= 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException($"{option} '{text}' must be a number of seconds above 0 (e.g. 5 or 0.5)");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    public static int NonNegativeInt(string? text, string option, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"{option} '{text}' must be a whole number of at least 0");
        }

        return value;
    }

    /// <summary>A timeout in seconds (fractions allowed, at most a day); 0 turns it off (<see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public static TimeSpan TimeoutSeconds(string? text, string option, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            throw new UsageException($"{option} '{text}' must be a number of seconds (e.g. 30 or 0.5), or 0 for none");
        }

        return seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
    }
}
