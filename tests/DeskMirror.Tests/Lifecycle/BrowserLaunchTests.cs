using System.Globalization;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>Opening the desktop UI, with a stand-in browser on PATH that records how it was called.</summary>
public sealed class BrowserLaunchTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task WithADisplay_OpensAChromiumAppWindowOnAOneTimeLaunchLink()
    {
        var calls = _home.Combine("browser-calls");
        using var desktop = Start(display: ":99", calls);
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(calls) && File.ReadAllText(calls).EndsWith('\n')), "the stand-in browser to be called");

        var argument = File.ReadAllText(calls).Trim();
        Assert.StartsWith("--app=http://127.0.0.1:", argument, StringComparison.Ordinal);
        Assert.Contains("/?token=", argument, StringComparison.Ordinal);
        Assert.Contains("opened in google-chrome", desktop.Output, StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var response = await browser.GetAsync(new Uri(argument["--app=".Length..])).DefaultTimeout("open the launch link");
        Assert.True(response.Headers.Contains("Set-Cookie"), $"the launch link did not sign in: {response.StatusCode}");

        desktop.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task WithoutADisplay_OpensNothingAndSaysSo()
    {
        var calls = _home.Combine("browser-calls");
        using var desktop = Start(display: null, calls);
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");

        Assert.Contains("no display (DISPLAY and WAYLAND_DISPLAY are unset)", desktop.Output, StringComparison.Ordinal);
        desktop.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
        Assert.False(File.Exists(calls));
    }

    public void Dispose() => _home.Dispose();

    private ChildProcess Start(string? display, string calls)
    {
        var bin = Directory.CreateDirectory(_home.Combine("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "google-chrome"), $"#!/bin/sh\nprintf '%s\\n' \"$@\" > {calls}.tmp && mv {calls}.tmp {calls}\n");
        File.SetUnixFileMode(Path.Combine(bin, "google-chrome"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return DeskMirrorCli.Start(
            _home.Path,
            ["--port", TestPorts.PickUnused().ToString(CultureInfo.InvariantCulture), "--config", _home.Combine("settings.json"), "--data-dir", _home.Combine("data")],
            new Dictionary<string, string?>
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["DISPLAY"] = display,
            });
    }
}
