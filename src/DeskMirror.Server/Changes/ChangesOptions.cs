namespace DeskMirror.Server.Changes;

/// <summary>Limits of the Changes view (git status and diffs of a project). Every default is documented; all are validated at start.</summary>
public sealed class ChangesOptions
{
    /// <summary>
    /// The git executable: a name looked up on <c>PATH</c>, or an absolute path. Default <c>git</c>.
    /// When it cannot be started every Changes request answers 503 saying git is not installed.
    /// </summary>
    public string GitExecutable { get; set; } = "git";

    /// <summary>Longest one git command may run before it is killed (504). Default 15 seconds.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>git processes running at once for all projects together; more wait their turn. Default 4.</summary>
    public int MaxConcurrentGit { get; set; } = 4;

    /// <summary>
    /// Largest output read from <c>git status</c> or <c>git diff --numstat</c>. Default 16 MiB (about 100,000 changed
    /// files). Beyond it the list is cut and <c>"truncated": true</c>.
    /// </summary>
    public int MaxListOutputBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most files listed by <c>GET /project/{id}/changes</c>; beyond it <c>"truncated": true</c>. Default 5,000.</summary>
    public int MaxFiles { get; set; } = 5000;

    /// <summary>
    /// A diff is cut after this many bytes (at a line end), followed by the marker line. Default 512 KiB.
    /// Larger diffs cost the phone memory and seconds of rendering for something nobody reads on it.
    /// </summary>
    public int MaxDiffBytes { get; set; } = 512 * 1024;

    /// <summary>A diff is cut after this many lines, followed by the marker line. Default 5,000.</summary>
    public int MaxDiffLines { get; set; } = 5_000;

    /// <summary>
    /// Files larger than this are treated as binary (named, not counted or dumped), like git's
    /// <c>core.bigFileThreshold</c>, which DeskMirror sets to the same value. Default 64 MiB.
    /// </summary>
    public long BigFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Quiet time after the last file-system event before <c>project.changes</c> is published. Default 300 ms.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Longest a steady stream of file-system events can hold <c>project.changes</c> back. Default 2 seconds, so a
    /// long build still refreshes the view now and then.
    /// </summary>
    public TimeSpan MaxDebounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Projects watched with inotify at once. Default 16. Each takes one or two inotify instances (Linux allows 128 per
    /// user by default, shared with every other program) and one watch per folder. Beyond it, or when the system
    /// refuses more watches, the project is polled every <see cref="PollInterval"/> instead.
    /// </summary>
    public int MaxWatchers { get; set; } = 16;

    /// <summary>
    /// Folders one project may have before it is polled instead of watched (each folder takes one inotify watch).
    /// Default 20,000.
    /// </summary>
    public int MaxWatchedDirectories { get; set; } = 20_000;

    /// <summary>How often a polled project runs <c>git status</c> to notice a change. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A project's watcher stops this long after the last <c>GET /project/{id}/changes</c> when no Changes view holds it
    /// open. Default 2 minutes.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Every value that is out of range, each naming its option; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(GitExecutable))
        {
            errors.Add($"{nameof(GitExecutable)} must name the git executable.");
        }

        Positive(errors, nameof(GitTimeout), GitTimeout);
        AtLeast(errors, nameof(MaxConcurrentGit), MaxConcurrentGit, 1);
        AtLeast(errors, nameof(MaxListOutputBytes), MaxListOutputBytes, 64 * 1024);
        AtLeast(errors, nameof(MaxFiles), MaxFiles, 1);
        AtLeast(errors, nameof(MaxDiffBytes), MaxDiffBytes, 4096);
        AtLeast(errors, nameof(MaxDiffLines), MaxDiffLines, 10);
        if (BigFileBytes < 1024)
        {
            errors.Add($"{nameof(BigFileBytes)} must be at least 1024 (it is {BigFileBytes}).");
        }

        Positive(errors, nameof(Debounce), Debounce);
        if (MaxDebounce < Debounce)
        {
            errors.Add($"{nameof(MaxDebounce)} ({MaxDebounce}) must not be shorter than {nameof(Debounce)} ({Debounce}).");
        }

        AtLeast(errors, nameof(MaxWatchers), MaxWatchers, 0);
        AtLeast(errors, nameof(MaxWatchedDirectories), MaxWatchedDirectories, 1);
        Positive(errors, nameof(PollInterval), PollInterval);
        Positive(errors, nameof(IdleTimeout), IdleTimeout);
        return errors;
    }

    private static void AtLeast(List<string> errors, string name, int value, int minimum)
    {
        if (value < minimum)
        {
            errors.Add($"{name} must be at least {minimum} (it is {value}).");
        }
    }

    private static void Positive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be longer than zero (it is {value}).");
        }
    }
}
