using System.Globalization;
using DeskMirror.Internal;
using DeskMirror.Settings;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>Settings and credentials as the real executable resolves them: file, flags, environment, login shell.</summary>
public sealed class SettingsPrecedenceTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task Desktop_FileFlagsAndLoginShell_EachValueFromItsSource()
    {
        var filePort = TestPorts.PickUnused();
        var flagPort = TestPorts.PickUnused();
        var config = _home.Combine("settings.json");
        new SettingsStore(config).Save(new DeskMirrorSettings { Username = "file-user", Port = filePort, MirrorEnabled = false, Language = "da" });
        var shell = _home.WriteScript("login-shell", "echo OPENCODE_SERVER_PASSWORD=from-shell; echo DESKMIRROR_USERNAME=shell-user");

        using var desktop = DeskMirrorCli.Start(
            _home.Path,
            ["--no-open", "--mirror", "--port", flagPort.ToString(CultureInfo.InvariantCulture), "--config", config, "--data-dir", _home.Combine("data")],
            new Dictionary<string, string?> { ["SHELL"] = shell });
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");

        Assert.Contains($"Mirror:    serving on 0.0.0.0:{flagPort}", desktop.Output, StringComparison.Ordinal);
        Assert.Contains("Username:  file-user  (settings file)", desktop.Output, StringComparison.Ordinal);
        Assert.Contains("Password:  from-shell  (login shell OPENCODE_SERVER_PASSWORD)", desktop.Output, StringComparison.Ordinal);
        Assert.False(await TestPorts.AcceptsAsync(filePort));
        // Flags are for this run only: the file still says what the user wrote.
        Assert.Equal(new DeskMirrorSettings { Username = "file-user", Port = filePort, MirrorEnabled = false, Language = "da" }, new SettingsStore(config).Load().Settings);

        desktop.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Desktop_CorruptSettingsFile_IsMovedAsideReportedInOneLineAndDefaultsUsed()
    {
        var config = _home.Combine("settings.json");
        File.WriteAllText(config, "{ \"port\": 4096, oops");
        var port = TestPorts.PickUnused();

        using var desktop = DeskMirrorCli.Start(
            _home.Path,
            ["--no-open", "--port", port.ToString(CultureInfo.InvariantCulture), "--config", config, "--data-dir", _home.Combine("data")]);
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");

        var warning = Assert.Single(desktop.Output.Split('\n'), l => l.StartsWith("settings file ", StringComparison.Ordinal));
        Assert.Contains("could not be used", warning, StringComparison.Ordinal);
        var aside = Assert.Single(Directory.GetFiles(_home.Path, "settings.json.corrupt-*"));
        Assert.Equal("{ \"port\": 4096, oops", File.ReadAllText(aside));
        Assert.Contains("Username:  deskmirror  (default)", desktop.Output, StringComparison.Ordinal);
        Assert.Contains("(generated, saved in the settings file)", desktop.Output, StringComparison.Ordinal);
        Assert.NotNull(new SettingsStore(config).Load().Settings.Password);

        desktop.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _home.Dispose();
}
