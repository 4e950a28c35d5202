using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sidebar;

public sealed class SidebarApiTests : IAsyncLifetime
{
    private TestAppServer _server = null!;
    private string _a = null!;
    private string _b = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAppServer.StartAsync();
        _a = await AddProjectAsync(_server, "a");
        _b = await AddProjectAsync(_server, "b");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetSidebar_Fresh_EmptyVersionZero()
    {
        var state = await GetAsync(RequestMode.Mirror);

        Assert.Empty(state["projects"]!.AsArray());
        Assert.Null(state["activeProjectId"]);
        Assert.Equal(0, state["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task PutSidebar_RoundTripBumpsVersionAndBroadcastsWholeState()
    {
        await using var events = await _server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");
        var body = $$"""{"projects": [{"id": "{{_b}}", "shown": true, "expanded": false}, {"id": "{{_a}}", "shown": false, "expanded": true}], "activeProjectId": "{{_b}}"}""";

        using var put = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("PUT");
        using var put2 = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("PUT 2");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var state = await GetAsync(RequestMode.Mirror);
        Assert.Equal(2, state["version"]!.GetValue<long>());
        Assert.Equal(_b, state["activeProjectId"]!.GetValue<string>());
        var projects = state["projects"]!.AsArray();
        Assert.Equal([_b, _a], projects.Select(p => p!["id"]!.GetValue<string>()));
        Assert.True(projects[0]!["shown"]!.GetValue<bool>());
        Assert.True(projects[1]!["expanded"]!.GetValue<bool>());

        var first = await events.ReadUntilAsync("mirror.sidebar.updated");
        Assert.Equal(1, first.Properties["version"]!.GetValue<long>());
        Assert.Equal(2, first.Properties["projects"]!.AsArray().Count);
        Assert.Equal(_b, first.Properties["activeProjectId"]!.GetValue<string>());
        Assert.Equal(2, (await events.ReadUntilAsync("mirror.sidebar.updated")).Properties["version"]!.GetValue<long>());
    }

    public static TheoryData<string, HttpStatusCode> BadBodies => new()
    {
        { "{not json", HttpStatusCode.BadRequest },
        { "[]", HttpStatusCode.BadRequest },
        { "{}", HttpStatusCode.BadRequest },
        { """{"projects": "a"}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"id": 5, "shown": true, "expanded": true}]}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"id": "A", "shown": "yes", "expanded": true}]}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"shown": true, "expanded": true}]}""", HttpStatusCode.BadRequest },
        { """{"projects": [null]}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"id": "nope", "shown": true, "expanded": true}]}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"id": "A", "shown": true, "expanded": true}, {"id": "A", "shown": true, "expanded": true}]}""", HttpStatusCode.BadRequest },
        { """{"projects": [{"id": "A", "shown": true, "expanded": true}], "activeProjectId": "B"}""", HttpStatusCode.BadRequest },
        { """{"projects": [], "activeProjectId": 3}""", HttpStatusCode.BadRequest },
        { "{\"projects\": [], \"pad\": \"" + new string('x', 70 * 1024) + "\"}", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task PutSidebar_BadBody_RejectedAndStateUnchanged(string body, HttpStatusCode status)
    {
        var good = $$"""{"projects": [{"id": "{{_a}}", "shown": true, "expanded": true}], "activeProjectId": "{{_a}}"}""";
        using (var ok = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(good)).DefaultTimeout("good PUT"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var before = (await GetAsync(RequestMode.Desktop)).ToJsonString();

        using var response = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body.Replace("\"A\"", $"\"{_a}\"", StringComparison.Ordinal).Replace("\"B\"", $"\"{_b}\"", StringComparison.Ordinal))).DefaultTimeout("bad PUT");

        await ProblemAssert.IsProblemAsync(response, status);
        Assert.Equal(before, (await GetAsync(RequestMode.Desktop)).ToJsonString());
    }

    [Fact]
    public async Task PutSidebar_JustUnderLimit_Accepted()
    {
        var body = "{\"projects\": [], \"pad\": \"" + new string('x', 60 * 1024) + "\"}";

        using var response = await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("PUT");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sidebar_RemovingAProject_DropsItFromTheSidebar()
    {
        var body = $$"""{"projects": [{"id": "{{_a}}", "shown": true, "expanded": true}, {"id": "{{_b}}", "shown": true, "expanded": true}], "activeProjectId": "{{_a}}"}""";
        using (await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("PUT"))
        {
        }

        using (await _server.Desktop.DeleteAsync($"/project/{_a}").DefaultTimeout("DELETE"))
        {
        }

        var state = await GetAsync(RequestMode.Mirror);
        Assert.Equal([_b], state["projects"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Null(state["activeProjectId"]);
        Assert.Equal(2, state["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Sidebar_SurvivesRestart()
    {
        var body = $$"""{"projects": [{"id": "{{_b}}", "shown": true, "expanded": true}], "activeProjectId": "{{_b}}"}""";
        using (await _server.Desktop.PutAsync("/mirror/sidebar", Json.Body(body)).DefaultTimeout("PUT"))
        {
        }

        var before = (await GetAsync(RequestMode.Desktop)).ToJsonString();

        await _server.RestartAsync();

        Assert.Equal(before, (await GetAsync(RequestMode.Mirror)).ToJsonString());
        using var projects = await _server.Mirror.GetAsync("/project").DefaultTimeout("GET /project");
        Assert.Equal(2, JsonNode.Parse(await projects.Content.ReadAsStringAsync())!.AsArray().Count);
    }

    internal static async Task<string> AddProjectAsync(TestAppServer server, string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "projects", name)).FullName;
        using var response = await server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(dir)}}}")).DefaultTimeout("POST /project");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> GetAsync(RequestMode mode)
    {
        using var response = await _server.CreateClient(mode).GetAsync("/mirror/sidebar").DefaultTimeout("GET /mirror/sidebar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
