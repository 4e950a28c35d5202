using System.Diagnostics;
using DeskMirror.Internal;

namespace DeskMirror.Desktop;

/// <summary>
/// Opens the desktop UI: a Chromium-family browser's <c>--app</c> window when one is installed (no tabs,
/// no address bar, it looks like an app), else the system's default browser. Never without a display.
/// </summary>
internal static class BrowserLauncher
{
    private static readonly string[] ChromiumNames =
        ["google-chrome", "google-chrome-stable", "chromium", "chromium-browser", "microsoft-edge", "microsoft-edge-stable", "brave-browser", "vivaldi"];

    private static readonly string[] MacChromiumPaths =
    [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        "/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ];

    /// <summary>Whether a browser window could appear: Linux needs DISPLAY or WAYLAND_DISPLAY.</summary>
    public static bool HasDisplay(Func<string, string?>? getEnvironment = null)
    {
        getEnvironment ??= Environment.GetEnvironmentVariable;
        return !OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD()
            || !string.IsNullOrEmpty(getEnvironment("DISPLAY"))
            || !string.IsNullOrEmpty(getEnvironment("WAYLAND_DISPLAY"));
    }

    /// <summary>Starts the browser without waiting for it; returns what was used, or why nothing was.</summary>
    public static string Open(string url)
    {
        if (!HasDisplay())
        {
            return "no display (DISPLAY and WAYLAND_DISPLAY are unset); open the desktop URL yourself";
        }

        var chromium = FindChromium();
        try
        {
            if (chromium is not null)
            {
                Start(chromium, $"--app={url}");
                return $"opened in {Path.GetFileName(chromium)}";
            }

            if (OperatingSystem.IsWindows())
            {
                using var shell = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
                return "opened in the default browser";
            }

            Start(OperatingSystem.IsMacOS() ? "open" : "xdg-open", url);
            return "opened in the default browser";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"could not open a browser ({ex.Message}); open the desktop URL yourself";
        }
    }

    private static string? FindChromium()
    {
        if (OperatingSystem.IsMacOS())
        {
            return MacChromiumPaths.FirstOrDefault(File.Exists);
        }

        return ChromiumNames.Select(n => ExecutableLocator.Find(n)).FirstOrDefault(p => p is not null);
    }

    // Through sh so the browser's chatter goes to /dev/null: it does not belong in our terminal, and a pipe
    // nobody reads after we exit could block it.
    private static void Start(string program, string argument)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$1\" </dev/null >/dev/null 2>&1");
        start.ArgumentList.Add(program);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start);
    }
}
