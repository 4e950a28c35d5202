using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Chromium that trusts what a test says: Chromium on Linux reads the certificate authorities it trusts from the
/// NSS database in <c>$HOME/.pki/nssdb</c>, so each browser gets its own temporary home and database (certutil,
/// from libnss3-tools), and a host name mapped to loopback so the certificate's name is the one it checks.
/// </summary>
public static class NssTrust
{
    /// <summary>Makes the NSS database under <paramref name="home"/>, trusting <paramref name="authorityFile"/> (PEM or DER) for servers; none when null.</summary>
    public static async Task CreateDatabaseAsync(string home, string? authorityFile)
    {
        var folder = Directory.CreateDirectory(Path.Combine(home, ".pki", "nssdb")).FullName;
        var database = $"sql:{folder}";
        await RunAsync("certutil", "-d", database, "-N", "--empty-password");
        if (authorityFile is not null)
        {
            await RunAsync("certutil", "-d", database, "-A", "-t", "C,,", "-n", "deskmirror-ca", "-i", authorityFile);
        }
    }

    /// <summary>Debian's headless Chromium with <paramref name="home"/> as its home, resolving <paramref name="host"/> to 127.0.0.1.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string home, string host)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                $"--host-resolver-rules=MAP {host} 127.0.0.1",
            ],
            Env = new Dictionary<string, string> { ["HOME"] = home },
        });
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = ChildProcess.Start(program, args);
        Assert.True(await process.WaitForExitAsync(program) == 0, $"{program} {string.Join(' ', args)} failed:\n{process.Output}");
    }
}
