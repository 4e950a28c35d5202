using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Modes;

/// <summary>
/// The modes table (docs/api.md), row by row, on both listeners, for the routes this server owns
/// (the session rows are covered by the session tests).
/// </summary>
public sealed class ModesTableTests : IAsyncLifetime
{
    private TestAppServer _server = null!;
    private string _projectDir = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAppServer.StartAsync();
        _projectDir = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "work")).FullName;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task ReadProjectsAndSidebar_BothListeners_Allowed(RequestMode mode)
    {
        var client = _server.CreateClient(mode);

        using var projects = await client.GetAsync("/project").DefaultTimeout("GET /project");
        using var sidebar = await client.GetAsync("/mirror/sidebar").DefaultTimeout("GET /mirror/sidebar");

        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sidebar.StatusCode);
    }

    [Fact]
    public async Task AddProject_Mirror_ForbiddenByRule_Desktop_Created()
    {
        var body = $"{{\"path\": {Json.Quote(_projectDir)}}}";

        using var mirror = await _server.Mirror.PostAsync("/project", Json.Body(body)).DefaultTimeout("mirror POST /project");
        await ProblemAssert.ForbiddenByRuleAsync(mirror, MirrorPolicy.RuleManageProjects);
        using (var list = await _server.Mirror.GetAsync("/project").DefaultTimeout("GET /project"))
        {
            Assert.Equal("[]", await list.Content.ReadAsStringAsync());
        }

        using var desktop = await _server.Desktop.PostAsync("/project", Json.Body(body)).DefaultTimeout("desktop POST /project");
        Assert.Equal(HttpStatusCode.Created, desktop.StatusCode);
    }

    [Fact]
    public async Task RemoveProject_Mirror_ForbiddenByRule_Desktop_NoContent()
    {
        using var created = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(_projectDir)}}}")).DefaultTimeout("POST /project");
        var id = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        using var mirror = await _server.Mirror.DeleteAsync($"/project/{id}").DefaultTimeout("mirror DELETE");
        await ProblemAssert.ForbiddenByRuleAsync(mirror, MirrorPolicy.RuleManageProjects);

        using var desktop = await _server.Desktop.DeleteAsync($"/project/{id}").DefaultTimeout("desktop DELETE");
        Assert.Equal(HttpStatusCode.NoContent, desktop.StatusCode);
    }

    [Fact]
    public async Task PutSidebar_Mirror_ForbiddenByRule_Desktop_Ok()
    {
        const string body = """{"projects": [], "activeProjectId": null}""";

        using var mirror = await _server.Mirror.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("mirror PUT");
        await ProblemAssert.ForbiddenByRuleAsync(mirror, MirrorPolicy.RuleWriteSidebar);

        using var desktop = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("desktop PUT");
        Assert.Equal(HttpStatusCode.OK, desktop.StatusCode);
    }

    [Fact]
    public async Task SettingsRoutes_Mirror_ForbiddenByRule_Desktop_Allowed()
    {
        using var mirrorStatus = await _server.Mirror.GetAsync("/mirror/status").DefaultTimeout("mirror GET /mirror/status");
        await ProblemAssert.ForbiddenByRuleAsync(mirrorStatus, MirrorPolicy.RuleChangeSettings);
        using var mirrorPairing = await _server.Mirror.PostAsync("/auth/pairing-link", null).DefaultTimeout("mirror POST pairing-link");
        await ProblemAssert.ForbiddenByRuleAsync(mirrorPairing, MirrorPolicy.RuleChangeSettings);

        // No desktop core in this test host: the desktop gets 404 (not 403) for the status.
        using var desktopStatus = await _server.Desktop.GetAsync("/mirror/status").DefaultTimeout("desktop GET /mirror/status");
        await ProblemAssert.IsProblemAsync(desktopStatus, HttpStatusCode.NotFound);
        using var desktopPairing = await _server.Desktop.PostAsync("/auth/pairing-link", null).DefaultTimeout("desktop POST pairing-link");
        Assert.Equal(HttpStatusCode.Created, desktopPairing.StatusCode);
    }

    [Fact]
    public async Task DeviceRoutes_Mirror_ForbiddenByRule_Desktop_Allowed()
    {
        using var mirrorList = await _server.Mirror.GetAsync("/device").DefaultTimeout("mirror GET /device");
        await ProblemAssert.ForbiddenByRuleAsync(mirrorList, MirrorPolicy.RuleManageDevices);
        using var mirrorRevoke = await _server.Mirror.DeleteAsync("/device/0123456789abcdef").DefaultTimeout("mirror DELETE /device/{id}");
        await ProblemAssert.ForbiddenByRuleAsync(mirrorRevoke, MirrorPolicy.RuleManageDevices);

        using var desktopList = await _server.Desktop.GetAsync("/device").DefaultTimeout("desktop GET /device");
        Assert.Equal(HttpStatusCode.OK, desktopList.StatusCode);
        Assert.Equal("[]", await desktopList.Content.ReadAsStringAsync());
        using var desktopRevoke = await _server.Desktop.DeleteAsync("/device/0123456789abcdef").DefaultTimeout("desktop DELETE /device/{id}");
        await ProblemAssert.IsProblemAsync(desktopRevoke, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Events_BothListeners_Allowed(RequestMode mode)
    {
        await using var events = await _server.OpenEventsAsync(mode);

        Assert.Equal("server.connected", (await events.ReadEventAsync()).Event);
    }
}
