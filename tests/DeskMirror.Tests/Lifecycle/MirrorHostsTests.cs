using System.Globalization;
using System.Net;
using DeskMirror.Internal;
using DeskMirror.Settings;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>The desktop passes <c>allowedHosts</c> from the settings file to the mirror, and keeps its data folder private.</summary>
public sealed class MirrorHostsTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task Desktop_AllowedHostsInSettings_MirrorAnswersThemAndRefusesOthers()
    {
        var port = TestPorts.PickUnused();
        var config = _home.Combine("settings.json");
        new SettingsStore(config).Save(new DeskMirrorSettings { AllowedHosts = ["desk.tailnet-1234.ts.net"] });

        using var desktop = DeskMirrorCli.Start(
            _home.Path,
            ["--no-open", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--config", config, "--data-dir", _home.Combine("data")],
            new Dictionary<string, string?> { ["DESKMIRROR_USERNAME"] = DesktopInstance.Username, ["DESKMIRROR_PASSWORD"] = DesktopInstance.Password });
        await desktop.WaitForLineAsync(l => l.StartsWith("Press Ctrl-C", StringComparison.Ordinal), "the desktop to start");

        using var client = DesktopInstance.Client(port);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "desk.tailnet-1234.ts.net"));
        Assert.Equal(HttpStatusCode.MisdirectedRequest, await StatusAsync(client, "rebound.attacker.example"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_home.Combine("data")));
        }

        desktop.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "project");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    public void Dispose() => _home.Dispose();
}
