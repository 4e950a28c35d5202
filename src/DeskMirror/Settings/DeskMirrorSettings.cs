namespace DeskMirror.Settings;

/// <summary>
/// The one settings model: the settings file holds it and the command-line flags produce one too
/// (a value left null means "not given here"). <see cref="OverriddenBy"/> lays flags over the file
/// for one run; <see cref="SettingsDefaults"/> holds the defaults.
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

    /// <summary>What the mirror port speaks: <c>auto</c> (TLS and plain HTTP), <c>required</c> or <c>off</c>. Default <see cref="SettingsDefaults.MirrorTls"/>.</summary>
    public string? MirrorTls { get; init; }

    /// <summary>A PEM certificate (chain) for the mirror instead of one from DeskMirror's local authority; needs <see cref="TlsKey"/>.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>The unencrypted PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; init; }

    /// <summary>Whether the mirror is advertised by mDNS/DNS-SD while it serves. Default <see cref="SettingsDefaults.Mdns"/>.</summary>
    public bool? Mdns { get; init; }

    /// <summary>When a session needs its person and which reasons notify; null keeps every default.</summary>
    public AttentionSettings? Attention { get; init; }

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
        MirrorTls = overrides.MirrorTls ?? MirrorTls,
        // A certificate and its key come as a pair: one given by a flag never meets the other from the file.
        TlsCertificate = overrides.TlsCertificate is null && overrides.TlsKey is null ? TlsCertificate : overrides.TlsCertificate,
        TlsKey = overrides.TlsCertificate is null && overrides.TlsKey is null ? TlsKey : overrides.TlsKey,
        Mdns = overrides.Mdns ?? Mdns,
        Attention = overrides.Attention ?? Attention,
    };

    /// <summary>Never prints the password.</summary>
    public override string ToString()
        => $"DeskMirrorSettings {{ MirrorEnabled = {MirrorEnabled}, Port = {Port}, BindAddress = {BindAddress}, Username = {Username}, Language = {Language}, AllowedHosts = [{string.Join(", ", AllowedHosts ?? [])}], MirrorTls = {MirrorTls}, TlsCertificate = {TlsCertificate}, TlsKey = {TlsKey}, Mdns = {Mdns}, Attention = {Attention} }}";
}
