namespace DeskMirror.Credentials;

/// <summary>Where the resolver looks; the defaults read this process and <c>$SHELL</c>.</summary>
internal sealed class CredentialResolverOptions
{
    /// <summary>Reads one variable of this process. Default <see cref="Environment.GetEnvironmentVariable(string)"/>.</summary>
    public Func<string, string?> GetProcessVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The login shell to ask. Default <c>$SHELL</c>; null skips the login shell.</summary>
    public string? Shell { get; init; } = Environment.GetEnvironmentVariable("SHELL");

    /// <summary>
    /// How long the login shell may take. Default 3 s: long enough for a heavy zsh profile, short enough that
    /// a profile waiting for input only delays the start once.
    /// </summary>
    public TimeSpan LoginShellTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
