namespace DeskMirror.Server.Sessions;

/// <summary>When a session is said to need its person (docs/attention.md). Every default is documented; all are validated at start.</summary>
public sealed class AttentionOptions
{
    /// <summary>
    /// <c>attention.inputAfter</c>: how long the terminal's foreground process must be blocked reading the terminal
    /// before the session asks for <c>input</c>. Default 1 second. Zero turns input detection off.
    /// </summary>
    public TimeSpan InputAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>attention.idleAfter</c>: how long a session must be quiet, after output that followed its last input, before
    /// it is <c>idle</c> (for full-screen programs that poll their input). Default 20 seconds. Zero turns it off.
    /// </summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often one timer looks at every running session (the foreground process in /proc, the quiet time).
    /// Default 250 ms: input is seen within <see cref="InputAfter"/> plus this.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A bell or a notification within this time of the last one raised for the same session adds nothing
    /// (a program ringing the bell in a loop gives one attention). Default 10 seconds.
    /// </summary>
    public TimeSpan RepeatAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest attention message, in characters; longer ones are cut. Default 200.</summary>
    public int MaxMessageLength { get; set; } = 200;

    internal void Validate(List<string> errors)
    {
        if (InputAfter < TimeSpan.Zero)
        {
            errors.Add("SessionOptions.Attention.InputAfter must not be negative.");
        }

        if (IdleAfter < TimeSpan.Zero)
        {
            errors.Add("SessionOptions.Attention.IdleAfter must not be negative.");
        }

        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("SessionOptions.Attention.PollInterval must be between 10 ms and 1 minute.");
        }

        if (RepeatAfter < TimeSpan.Zero)
        {
            errors.Add("SessionOptions.Attention.RepeatAfter must not be negative.");
        }

        if (MaxMessageLength is < 16 or > 4096)
        {
            errors.Add("SessionOptions.Attention.MaxMessageLength must be between 16 and 4096.");
        }
    }
}
