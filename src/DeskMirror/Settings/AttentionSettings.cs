using DeskMirror.Server.Events;
using DeskMirror.Server.Notifications;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Settings;

/// <summary>
/// The settings file's <c>attention</c> object (docs/attention.md, "Settings"): which reasons notify the person's
/// devices, and when a session counts as waiting for input or idle. A value left null keeps the default.
/// </summary>
internal sealed record AttentionSettings
{
    /// <summary>Longest <see cref="InputAfter"/> and <see cref="IdleAfter"/>, in seconds: one day.</summary>
    public const double MaxSeconds = 24 * 60 * 60;

    /// <summary>
    /// <c>attention.notify</c>: the reasons that send a Web Push and a browser notification, of <c>notification</c>,
    /// <c>bell</c>, <c>input</c>, <c>idle</c>, <c>exited</c>. Default all but <c>idle</c>; an empty list notifies nothing.
    /// </summary>
    public IReadOnlyList<string>? Notify { get; init; }

    /// <summary><c>attention.inputAfter</c>, seconds blocked reading the terminal before <c>input</c>. Default 1; 0 turns it off.</summary>
    public double? InputAfter { get; init; }

    /// <summary><c>attention.idleAfter</c>, seconds of quiet after output before <c>idle</c>. Default 20; 0 turns it off.</summary>
    public double? IdleAfter { get; init; }

    /// <summary>Null when the values are usable, else why not.</summary>
    public string? Validate()
    {
        foreach (var name in Notify ?? [])
        {
            if (!TryParseReason(name, out _))
            {
                return $"attention.notify holds '{name}', which is not notification, bell, input, idle or exited";
            }
        }

        if (InputAfter is { } input && !IsSeconds(input))
        {
            return $"attention.inputAfter {input} is not between 0 and {MaxSeconds} seconds";
        }

        if (IdleAfter is { } idle && !IsSeconds(idle))
        {
            return $"attention.idleAfter {idle} is not between 0 and {MaxSeconds} seconds";
        }

        return null;
    }

    /// <summary>Lays the values given over the detection options.</summary>
    public void ApplyTo(AttentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (InputAfter is { } input)
        {
            options.InputAfter = TimeSpan.FromSeconds(input);
        }

        if (IdleAfter is { } idle)
        {
            options.IdleAfter = TimeSpan.FromSeconds(idle);
        }
    }

    /// <summary>Lays the reasons given over the notification options.</summary>
    public void ApplyTo(NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Notify is { } notify)
        {
            options.Reasons = [.. notify.Select(name => TryParseReason(name, out var reason) ? reason : throw new ArgumentException($"attention.notify: '{name}'", nameof(options))).Distinct()];
        }
    }

    public override string ToString()
        => $"AttentionSettings {{ Notify = [{string.Join(", ", Notify ?? [])}], InputAfter = {InputAfter}, IdleAfter = {IdleAfter} }}";

    private static bool IsSeconds(double value) => double.IsFinite(value) && value is >= 0 and <= MaxSeconds;

    private static bool TryParseReason(string? name, out SessionAttentionReason reason)
    {
        foreach (var candidate in Enum.GetValues<SessionAttentionReason>())
        {
            if (string.Equals(AttentionMessage.Name(candidate), name, StringComparison.Ordinal))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
