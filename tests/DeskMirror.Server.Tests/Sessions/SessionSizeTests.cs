using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>A session's size is the session's: in its JSON, changed only by the desktop, announced, and kept over a restart.</summary>
public sealed class SessionSizeTests
{
    [Fact]
    public async Task Size_CreatedThroughApi_IsInTheSessionOnBothListeners()
    {
        await using var harness = await SessionHarness.StartAsync();
        var created = await harness.CreateAsync("sleep 30", cols: 140, rows: 40);
        var id = created["id"]!.GetValue<string>();

        Assert.Equal(140, created["cols"]!.GetValue<int>());
        Assert.Equal(40, created["rows"]!.GetValue<int>());
        var onMirror = await harness.GetAsync(id, RequestMode.Mirror);
        Assert.Equal(140, onMirror["cols"]!.GetValue<int>());
        Assert.Equal(40, onMirror["rows"]!.GetValue<int>());

        var defaulted = await harness.CreateAsync("sleep 30");
        Assert.Equal(80, defaulted["cols"]!.GetValue<int>());
        Assert.Equal(24, defaulted["rows"]!.GetValue<int>());
    }

    [Fact]
    public async Task Resize_FromDesktop_PublishesSessionResizedOnceAndChangesTheSession()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("sleep 30", cols: 100, rows: 30))["id"]!.GetValue<string>();
        await using var events = await harness.Server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");

        using (var response = await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":132,"rows":43}""")).DefaultTimeout("resize"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // The same size again changes nothing and announces nothing; the next change is the next event.
        (await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":132,"rows":43}""")).DefaultTimeout("same size")).Dispose();
        (await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":90,"rows":20}""")).DefaultTimeout("resize again")).Dispose();

        var first = await events.ReadUntilAsync("session.resized");
        Assert.Equal(id, first.Properties["id"]!.GetValue<string>());
        Assert.Equal(132, first.Properties["cols"]!.GetValue<int>());
        Assert.Equal(43, first.Properties["rows"]!.GetValue<int>());
        var second = await events.ReadUntilAsync("session.resized");
        Assert.Equal(90, second.Properties["cols"]!.GetValue<int>());
        Assert.Equal(20, second.Properties["rows"]!.GetValue<int>());

        var session = await harness.GetAsync(id, RequestMode.Mirror);
        Assert.Equal(90, session["cols"]!.GetValue<int>());
        Assert.Equal(20, session["rows"]!.GetValue<int>());
    }

    [Fact]
    public async Task Size_AfterRestart_IsTheLastSizeSet()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("sleep 30", cols: 140, rows: 40))["id"]!.GetValue<string>();
        Assert.Null(harness.Manager.Resize(id, 150, 45));

        // Stopping the server waits for the size to be written.
        await harness.Server.RestartAsync();

        var restored = await harness.GetAsync(id);
        Assert.Equal(150, restored["cols"]!.GetValue<int>());
        Assert.Equal(45, restored["rows"]!.GetValue<int>());
    }
}
