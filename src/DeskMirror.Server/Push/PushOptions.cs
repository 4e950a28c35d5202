namespace DeskMirror.Server.Push;

/// <summary>Web Push settings. Every default is documented; all are validated at start, every error named at once.</summary>
public sealed class PushOptions
{
    /// <summary>The default <see cref="Subject"/>.</summary>
    public const string DefaultSubject = "mailto:deskmirror@example.com";

    /// <summary>
    /// The VAPID contact the push services see (RFC 8292 <c>sub</c>): a <c>mailto:</c> address or an <c>https:</c> URL.
    /// Default <see cref="DefaultSubject"/>. Apple's push service refuses placeholder hosts such as <c>localhost</c>
    /// or <c>.local</c> names; put a real address of yours here if an iPhone gets nothing.
    /// </summary>
    public string Subject { get; set; } = DefaultSubject;

    /// <summary>
    /// Subscriptions kept at once (all devices, both listeners). Default 50. One more is refused with 409 until one
    /// is deleted or its push service reports it gone; each costs one request per message.
    /// </summary>
    public int MaxSubscriptions { get; set; } = 50;

    /// <summary>
    /// Messages waiting for delivery. Default 64. When the queue is full the oldest message is dropped and counted,
    /// so a dead push service costs at most this many small messages of memory.
    /// </summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// How long a push service keeps a message for a device that is offline (the <c>TTL</c> header). Default 12 hours:
    /// a phone switched off overnight still learns in the morning that a job ended; older news is dropped.
    /// </summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Longest time one delivery (connect, send, answer) may take before it counts as failed. Default 15 seconds.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A push service that keeps failing is logged once per this interval, with the number of failures in between.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan FailureLogInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every problem with the values, each naming its option; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!IsValidSubject(Subject))
        {
            errors.Add($"Push.Subject must be a mailto: address or an https: URL, not \"{Subject}\".");
        }

        if (MaxSubscriptions < 1)
        {
            errors.Add($"Push.MaxSubscriptions must be at least 1, not {MaxSubscriptions}.");
        }

        if (QueueCapacity < 1)
        {
            errors.Add($"Push.QueueCapacity must be at least 1, not {QueueCapacity}.");
        }

        // RFC 8030's TTL is in whole seconds; push services cap it at four weeks.
        if (TimeToLive < TimeSpan.Zero || TimeToLive > TimeSpan.FromDays(28))
        {
            errors.Add($"Push.TimeToLive must be between 0 and 28 days, not {TimeToLive}.");
        }

        if (SendTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Push.SendTimeout must be positive, not {SendTimeout}.");
        }

        if (FailureLogInterval < TimeSpan.Zero)
        {
            errors.Add($"Push.FailureLogInterval must not be negative, not {FailureLogInterval}.");
        }

        return errors;
    }

    private static bool IsValidSubject(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return false;
        }

        if (subject.StartsWith("mailto:", StringComparison.Ordinal))
        {
            var address = subject["mailto:".Length..];
            return address.Length > 2 && address.Contains('@', StringComparison.Ordinal) && !address.Any(char.IsWhiteSpace);
        }

        return Uri.TryCreate(subject, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && Uri.IsWellFormedUriString(subject, UriKind.Absolute);
    }
}
