namespace DeskMirror.Settings;

/// <summary>
/// The one settings model: the settings file holds it and the command-line flags produce one too
/// (a value left null means "not given here"). <see cref="OverriddenBy"/> lays flags over the file
/// for one run; <see cref="EffectiveSettings"/> applies the defaults.
/// </summary>
internal sealed record DeskMirrorSettings
{
    /// <summary>Whether the LAN mirror runs. Default <see cref="SettingsDefaults.MirrorEnabled"/>.</summary>
    public bool? MirrorEnabled { get; init; }

    /// <summary>The mirror port on the LAN side. Default <see cref="SettingsDefaults.Port"/>.</summary>
    public int? Port { get; init; }

    /// <summary>The address the mirror listens on. Default <see cref="SettingsDefaults.BindAddress"/>.</summary>
    public string? BindAddress { get; init; }

    /// <summary>Sign-in name; when unset it comes from the environment or the default.</summary>
    public string? Username { get; init; }

    /// <summary>Sign-in password; never taken from the command line.</summary>
    public string? Password { get; init; }

    /// <summary>UI language (BCP 47, e.g. <c>de</c>); null follows the browser.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// Names the mirror also answers to, besides this computer's own names and addresses (for a tunnel such as
    /// Tailscale Serve or Cloudflare Tunnel): host names, IP addresses, or <c>*.domain</c>. Default none.
    /// </summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>This model with every value <paramref name="overrides"/> gives replacing ours.</summary>
    public DeskMirrorSettings OverriddenBy(DeskMirrorSettings overrides) => new()
    {
        MirrorEnabled = overrides.MirrorEnabled ?? MirrorEnabled,
        Port = overrides.Port ?? Port,
        BindAddress = overrides.BindAddress ?? BindAddress,
        Username = overrides.Username ?? Username,
        Password = overrides.Password ?? Password,
        Language = overrides.Language ?? Language,
        AllowedHosts = overrides.AllowedHosts ?? AllowedHosts,
    };

    /// <summary>Never prints the password.</summary>
    public override string ToString()
        => $"DeskMirrorSettings {{ MirrorEnabled = {MirrorEnabled}, Port = {Port}, BindAddress = {BindAddress}, Username = {Username}, Language = {Language}, AllowedHosts = [{string.Join(", ", AllowedHosts ?? [])}] }}";
}
