using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Projects;

public sealed class ProjectApiTests : IAsyncLifetime
{
    private TestAppServer _server = null!;
    private string _root = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAppServer.StartAsync();
        _root = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "code")).FullName;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddProject_Directory_CreatedNormalisedListedAndBroadcast()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;
        await using var events = await _server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");

        using var created = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(_root + "/./other/../app/")}}}")).DefaultTimeout("POST");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(dir, project["path"]!.GetValue<string>());
        Assert.Equal("app", project["name"]!.GetValue<string>());
        var id = project["id"]!.GetValue<string>();
        Assert.Equal($"/project/{id}", created.Headers.Location?.OriginalString);

        var updated = await events.ReadEventAsync();
        Assert.Equal("project.updated", updated.Event);
        Assert.Equal(id, updated.Properties["id"]!.GetValue<string>());

        using var list = await _server.Mirror.GetAsync("/project").DefaultTimeout("GET");
        var projects = JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(id, Assert.Single(projects)!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}", "\"path\"")]
    [InlineData("{\"path\": \"\"}", "\"path\"")]
    [InlineData("{\"path\": \"relative/dir\"}", "absolute")]
    [InlineData("{\"path\": \"/definitely/not/here/deskmirror\"}", "does not exist")]
    [InlineData("{\"path\": 42}", "")]
    [InlineData("{\"path\": \"/tmp/a\\u0000b\"}", "NUL")]
    [InlineData("not json", "")]
    [InlineData("null", "\"path\"")]
    public async Task AddProject_BadPath_400WithClearMessage(string body, string mentions)
    {
        using var response = await _server.Desktop.PostAsync("/project", Json.Body(body)).DefaultTimeout("POST");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(mentions, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNoProjectsAsync();
    }

    [Fact]
    public async Task AddProject_File_400SaysNotADirectory()
    {
        var file = Path.Combine(_root, "notes.txt");
        await File.WriteAllTextAsync(file, "hi");

        using var response = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(file)}}}")).DefaultTimeout("POST");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not a directory", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertNoProjectsAsync();
    }

    [Fact]
    public async Task AddProject_SameDirectoryTwice_409Conflict()
    {
        using var first = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(_root)}}}")).DefaultTimeout("first");
        using var second = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(_root + "/")}}}")).DefaultTimeout("second");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("already a project", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddProject_OversizedBody_413()
    {
        var body = $"{{\"path\": \"/{new string('a', 20_000)}\"}}";

        using var response = await _server.Desktop.PostAsync("/project", Json.Body(body)).DefaultTimeout("POST");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task RemoveProject_Known_204AndBroadcast_Unknown_404()
    {
        using var created = await _server.Desktop.PostAsync("/project", Json.Body($"{{\"path\": {Json.Quote(_root)}}}")).DefaultTimeout("POST");
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await using var events = await _server.OpenEventsAsync(RequestMode.Desktop);
        await events.ReadUntilAsync("server.connected");

        using var removed = await _server.Desktop.DeleteAsync($"/project/{id}").DefaultTimeout("DELETE");
        using var again = await _server.Desktop.DeleteAsync($"/project/{id}").DefaultTimeout("DELETE again");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var message = await events.ReadUntilAsync("project.removed");
        Assert.Equal(id, message.Properties["id"]!.GetValue<string>());
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
        await AssertNoProjectsAsync();
    }

    private async Task AssertNoProjectsAsync()
    {
        using var list = await _server.Desktop.GetAsync("/project").DefaultTimeout("GET /project");
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }
}
