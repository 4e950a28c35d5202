namespace DeskMirror.Tls.Internal;

/// <summary>Private keys are readable by their owner only (0600); this checks it, and tightens files DeskMirror owns.</summary>
internal static class KeyFileMode
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The mode as octal text (e.g. <c>0644</c>) when someone besides the owner may read or write it; null when it is private (or on Windows).</summary>
    public static string? Lax(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & OthersAndGroup) == 0 ? null : "0" + Convert.ToString((int)mode & 0x1FF, 8);
    }

    /// <summary>Sets 0600 when the mode is lax; returns the old mode when it changed it.</summary>
    public static string? Tighten(string path)
    {
        var lax = Lax(path);
        if (lax is not null && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }

        return lax;
    }
}
