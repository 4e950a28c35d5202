using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionProjectFolderTests
{
    [Theory]
    [InlineData("task")]
    [InlineData("terminal")]
    public async Task Create_ProjectFolderGone_IsRefusedWith409AndNoSessionIsAdded(string kind)
    {
        await using var harness = await SessionHarness.StartAsync();
        Directory.Delete(harness.ProjectDirectory);

        var command = kind == "task" ? "\"echo never\"" : "null";
        using var response = await harness.PostCreateAsync(RequestMode.Desktop, $$"""{"projectId":"{{harness.ProjectId}}","kind":"{{kind}}","command":{{command}}}""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(harness.ProjectDirectory, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(harness.Manager.List());
    }

    [Fact]
    public async Task Create_ProjectFolderBackAgain_Starts()
    {
        await using var harness = await SessionHarness.StartAsync();
        Directory.Delete(harness.ProjectDirectory);
        using (var refused = await harness.PostCreateAsync(RequestMode.Desktop, $$"""{"projectId":"{{harness.ProjectId}}","kind":"task","command":"true"}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        Directory.CreateDirectory(harness.ProjectDirectory);
        var created = await harness.CreateAsync("true");
        Assert.Equal("running", created["status"]!.GetValue<string>());
    }
}
