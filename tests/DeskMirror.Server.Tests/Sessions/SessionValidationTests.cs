using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionValidationTests
{
    [Theory]
    [InlineData("""{"projectId":"nope","kind":"task","command":"true"}""", "no project")]
    [InlineData("""{"projectId":"{P}","kind":"task"}""", "needs a command")]
    [InlineData("""{"projectId":"{P}","kind":"task","command":"   "}""", "needs a command")]
    [InlineData("""{"projectId":"{P}","kind":"shell","command":"true"}""", "not valid JSON")]
    [InlineData("""{"projectId":"{P}","kind":"task","command":"true","cols":0}""", "between 1 and 1000")]
    [InlineData("""{"projectId":"{P}","kind":"task","command":"true","rows":1001}""", "between 1 and 1000")]
    [InlineData("""{"kind":"task","command":"true"}""", "projectId is required")]
    [InlineData("""[1,2""", "not valid JSON")]
    public async Task Create_BadRequest_Is400WithReadableDetail(string body, string detail)
    {
        await using var harness = await SessionHarness.StartAsync();
        using var response = await harness.PostCreateAsync(RequestMode.Desktop, body.Replace("{P}", harness.ProjectId, StringComparison.Ordinal));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(harness.Manager.List());
    }

    [Fact]
    public async Task Create_TerminalWithMirrorInput_MirrorInputIsOff()
    {
        await using var harness = await SessionHarness.StartAsync();
        var created = await harness.CreateAsync(null, mirrorInput: true, kind: "terminal");
        Assert.False(created["mirrorInput"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_TitleGiven_Kept_AndInputToEndedSession_Is409()
    {
        await using var harness = await SessionHarness.StartAsync();
        var body = new JsonObject { ["projectId"] = harness.ProjectId, ["kind"] = "task", ["command"] = "true", ["title"] = "  Build  " };
        using var response = await harness.PostCreateAsync(RequestMode.Desktop, body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("Build", created["title"]!.GetValue<string>());

        var id = created["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        using var input = await harness.InputAsync(id, "late\r");
        await ProblemAssert.IsProblemAsync(input, HttpStatusCode.Conflict);
        using var resize = await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":10,"rows":10}""")).DefaultTimeout("resize ended");
        await ProblemAssert.IsProblemAsync(resize, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_MissingTerminalShell_FailedWithReason()
    {
        await using var harness = await SessionHarness.StartAsync(o => o.TerminalShell = "/no/such/shell");
        var created = await harness.CreateAsync(null, kind: "terminal");

        // The file check falls back to /bin/sh only for $SHELL; a configured shell that is missing is an error.
        Assert.Equal("failed", created["status"]!.GetValue<string>());
        Assert.Contains("/no/such/shell", created["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/no/such/shell", await harness.OutputAsync(created["id"]!.GetValue<string>()), StringComparison.Ordinal);
    }
}
