namespace DeskMirror.Settings;

/// <summary>The values used when neither the settings file nor a flag gives one.</summary>
internal static class SettingsDefaults
{
    /// <summary>The mirror is on: serving the LAN is what DeskMirror is for.</summary>
    public const bool MirrorEnabled = true;

    /// <summary>The mirror port, the one opencode-style clients expect.</summary>
    public const int Port = 4096;

    /// <summary>Every IPv4 interface.</summary>
    public const string BindAddress = "0.0.0.0";

    /// <summary>Sign-in name when none is configured.</summary>
    public const string Username = "deskmirror";

    /// <summary>TLS and plain HTTP on the mirror port: browsers get a secure context, API clients keep working.</summary>
    public const string MirrorTls = "auto";

    /// <summary>The mirror is advertised on the LAN by mDNS while it serves.</summary>
    public const bool Mdns = true;
}
