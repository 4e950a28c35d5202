using DeskMirror.Server.Events;

namespace DeskMirror.Server.Notifications;

/// <summary>
/// Which attention tells the person's devices, and how often (docs/attention.md, "Notifications"). Every default is
/// documented; all are validated at start, every error named at once.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The default <see cref="Reasons"/>: everything but <c>idle</c>, which fires on any quiet spell.</summary>
    public static readonly IReadOnlyCollection<SessionAttentionReason> DefaultReasons =
    [
        SessionAttentionReason.Notification,
        SessionAttentionReason.Bell,
        SessionAttentionReason.Input,
        SessionAttentionReason.Exited,
    ];

    /// <summary>
    /// <c>attention.notify</c>: the reasons that send a Web Push and show a browser notification. Default
    /// <see cref="DefaultReasons"/>. The "Needs you" list and the badges show every attention whatever this says.
    /// </summary>
    public IReadOnlyCollection<SessionAttentionReason> Reasons { get; set; } = DefaultReasons;

    /// <summary>
    /// At most one push per session within this time. An attention raised again sooner (a program that asks, gets an
    /// answer and asks again, or flaps between input and output) waits for the end of the window and is sent then,
    /// once, if the session still needs its person; if someone has seen it meanwhile, nothing is sent. Default 30
    /// seconds; zero sends every attention at once.
    /// </summary>
    public TimeSpan RepeatWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether an attention of <paramref name="reason"/> notifies.</summary>
    public bool Notifies(SessionAttentionReason reason) => Reasons.Contains(reason);

    /// <summary>Every problem with the values, each naming its option; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Reasons is null)
        {
            errors.Add("Notifications.Reasons must not be null; an empty list turns notifications off.");
        }
        else
        {
            foreach (var unknown in Reasons.Where(r => !Enum.IsDefined(r)))
            {
                errors.Add($"Notifications.Reasons holds {(int)unknown}, which is not an attention reason.");
            }
        }

        if (RepeatWindow < TimeSpan.Zero || RepeatWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"Notifications.RepeatWindow must be between 0 and 1 hour, not {RepeatWindow}.");
        }

        return errors;
    }
}
