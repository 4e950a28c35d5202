namespace DeskMirror.Settings;

/// <summary>Where the settings file and the data folder live on each platform.</summary>
internal static class DeskMirrorPaths
{
    /// <summary>
    /// Linux: <c>$XDG_CONFIG_HOME/deskmirror/settings.json</c> (else <c>~/.config</c>);
    /// macOS: <c>~/Library/Application Support/DeskMirror/settings.json</c>;
    /// Windows: <c>%APPDATA%\DeskMirror\settings.json</c>.
    /// </summary>
    public static string DefaultSettingsFile(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "DeskMirror", "settings.json");
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(Home(), "Library", "Application Support", "DeskMirror", "settings.json");
        }

        return Path.Combine(XdgFolder(getEnvironment, "XDG_CONFIG_HOME", ".config"), "deskmirror", "settings.json");
    }

    /// <summary>
    /// Linux: <c>$XDG_DATA_HOME/deskmirror</c> (else <c>~/.local/share</c>);
    /// macOS: <c>~/Library/Application Support/DeskMirror/data</c>; Windows: <c>%LOCALAPPDATA%\DeskMirror</c>.
    /// </summary>
    public static string DefaultDataDirectory(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "DeskMirror");
        }

        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(Home(), "Library", "Application Support", "DeskMirror", "data");
        }

        return Path.Combine(XdgFolder(getEnvironment, "XDG_DATA_HOME", Path.Combine(".local", "share")), "deskmirror");
    }

    // The XDG spec says a relative value is invalid and must be ignored.
    private static string XdgFolder(Func<string, string?> getEnvironment, string variable, string fallbackUnderHome)
        => getEnvironment(variable) is { Length: > 0 } value && Path.IsPathRooted(value)
            ? value
            : Path.Combine(Home(), fallbackUnderHome);

    private static string Home() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
