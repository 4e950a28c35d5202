namespace DeskMirror.Server.Tls;

/// <summary>The setting's spelling of <see cref="MirrorTlsMode"/>: <c>auto</c>, <c>required</c>, <c>off</c>.</summary>
public static class MirrorTlsModes
{
    /// <summary>Every accepted value, for messages.</summary>
    public const string Values = "auto, required or off";

    /// <summary>Parses the setting (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out MirrorTlsMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "auto":
                mode = MirrorTlsMode.Auto;
                return true;
            case "required":
                mode = MirrorTlsMode.Required;
                return true;
            case "off":
                mode = MirrorTlsMode.Off;
                return true;
            default:
                mode = MirrorTlsMode.Auto;
                return false;
        }
    }

    /// <summary>The setting's spelling.</summary>
    public static string Name(MirrorTlsMode mode) => mode switch
    {
        MirrorTlsMode.Required => "required",
        MirrorTlsMode.Off => "off",
        _ => "auto",
    };
}
