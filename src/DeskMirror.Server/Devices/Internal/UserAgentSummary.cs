namespace DeskMirror.Server.Devices.Internal;

/// <summary>What a User-Agent says for people: the browser and the operating system, each null when not recognised.</summary>
internal readonly record struct UserAgentSummary(string? Browser, string? Os)
{
    /// <summary>
    /// Reads the common browsers (Chrome and Chromium, Safari, Firefox, Edge, Samsung Internet, Opera) and systems
    /// (Android, iOS, iPadOS, macOS, Windows, ChromeOS, Linux) by the tokens they put in their User-Agent. Versions
    /// are left out on purpose: browsers freeze or fake them (Chrome reports Android 10 and Windows NT 10.0 for every
    /// newer release). An iPad asking for desktop sites says Macintosh and is read as macOS; nothing in the string tells
    /// them apart.
    /// </summary>
    public static UserAgentSummary Parse(string? userAgent)
        => string.IsNullOrWhiteSpace(userAgent) ? default : new(BrowserOf(userAgent), OsOf(userAgent));

    // Order matters: Edge, Samsung Internet and Opera also say Chrome and Safari; Chrome also says Safari.
    private static string? BrowserOf(string ua)
        => Has(ua, "SamsungBrowser/") ? "Samsung Internet"
            : Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") || Has(ua, "Edge/") ? "Edge"
            : Has(ua, "OPR/") || Has(ua, "OPX/") || Has(ua, "OPT/") || Has(ua, "OPiOS/") || ua.StartsWith("Opera/", StringComparison.Ordinal) ? "Opera"
            : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? "Firefox"
            : Has(ua, "Chromium/") ? "Chromium"
            : Has(ua, "Chrome/") || Has(ua, "CriOS/") ? "Chrome"
            : Has(ua, "Safari/") && Has(ua, "Version/") ? "Safari"
            : null;

    // Android and iOS also say Linux and Mac OS X.
    private static string? OsOf(string ua)
        => Has(ua, "Windows") ? "Windows"
            : Has(ua, "Android") ? "Android"
            : Has(ua, "iPad") ? "iPadOS"
            : Has(ua, "iPhone") || Has(ua, "iPod") ? "iOS"
            : Has(ua, "CrOS") ? "ChromeOS"
            : Has(ua, "Macintosh") || Has(ua, "Mac OS X") ? "macOS"
            : Has(ua, "Linux") || Has(ua, "X11") ? "Linux"
            : null;

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);
}
