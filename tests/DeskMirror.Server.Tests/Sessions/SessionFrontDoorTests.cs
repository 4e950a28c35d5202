using System.Net;
using System.Net.WebSockets;
using System.Text;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary><see cref="ISessionManager"/>, the interface the API and the UI share: expected failures are typed results, never exceptions.</summary>
public sealed class SessionFrontDoorTests
{
    [Theory]
    [InlineData("nope", "task", "true", null, "There is no project with id 'nope'.")]
    [InlineData("{P}", "task", "  ", null, "A task session needs a command.")]
    [InlineData("{P}", "task", "true", 0, "cols and rows must each be between 1 and 1000 (got 0×24).")]
    [InlineData(" ", "terminal", null, null, "projectId is required.")]
    public async Task CreateAsync_InvalidRequest_InvalidErrorAndNothingCreated(string projectId, string kind, string? command, int? cols, string message)
    {
        await using var harness = await SessionHarness.StartAsync();
        var sessions = harness.Server.GetService<ISessionManager>();
        var request = new CreateSessionRequest(
            projectId.Replace("{P}", harness.ProjectId, StringComparison.Ordinal),
            kind == "task" ? SessionKind.Task : SessionKind.Terminal,
            command,
            null,
            false,
            cols,
            null);

        var result = await sessions.CreateAsync(request).DefaultTimeout("create");

        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        Assert.Equal(new SessionError(SessionErrorKind.Invalid, message), result.Error);
        Assert.Empty(sessions.List());
    }

    [Fact]
    public async Task CreateAsync_MoreThanTheRunningLimit_TooManyRunningAndTheApiAnswers409WithTheSameMessage()
    {
        await using var harness = await SessionHarness.StartAsync(o => o.MaxRunningSessions = 1);
        var sessions = harness.Server.GetService<ISessionManager>();
        var request = new CreateSessionRequest(harness.ProjectId, SessionKind.Task, "sleep 30", null, false, null, null);
        var first = await sessions.CreateAsync(request).DefaultTimeout("first create");
        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(SessionStatus.Running, first.Value.Status);

        var second = await sessions.CreateAsync(request).DefaultTimeout("second create");
        using var response = await harness.PostCreateAsync(RequestMode.Desktop, $$"""{"projectId":"{{harness.ProjectId}}","kind":"task","command":"sleep 30"}""");

        Assert.Equal(new SessionError(SessionErrorKind.TooManyRunning, "1 sessions are running already; stop one first."), second.Error);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(second.Error!.Message, problem["detail"]!.GetValue<string>());
        Assert.Single(sessions.List());
    }

    [Fact]
    public async Task EveryOperation_UnknownId_NotFound()
    {
        await using var harness = await SessionHarness.StartAsync();
        var sessions = harness.Server.GetService<ISessionManager>();
        var notFound = new SessionError(SessionErrorKind.NotFound, "There is no session with id 'nope'.");
        using var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });

        Assert.Null(sessions.Find("nope"));
        Assert.Equal(notFound, await sessions.WriteInputAsync("nope", "x"u8.ToArray()).DefaultTimeout("input"));
        Assert.Equal(notFound, sessions.Resize("nope", 80, 24));
        Assert.Equal(notFound, (await sessions.StopAsync("nope").DefaultTimeout("stop")).Error);
        Assert.Equal(notFound, await sessions.RemoveAsync("nope").DefaultTimeout("remove"));
        Assert.Equal(notFound, sessions.OpenOutput("nope").Error);
        Assert.Equal(notFound, await sessions.StreamAsync("nope", socket, 0, acceptInput: false).DefaultTimeout("stream"));
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task EndedSession_InputResizeAndRemove_EndedThenRemoved()
    {
        await using var harness = await SessionHarness.StartAsync();
        var sessions = harness.Server.GetService<ISessionManager>();
        var id = (await harness.CreateAsync("true"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);

        Assert.Equal(new SessionError(SessionErrorKind.Ended, "The session has ended; it takes no more input."), await sessions.WriteInputAsync(id, "x"u8.ToArray()).DefaultTimeout("input"));
        Assert.Equal(new SessionError(SessionErrorKind.Ended, "The session has ended; it cannot be resized."), sessions.Resize(id, 100, 30));
        // The size is checked before anything else.
        Assert.Equal(SessionErrorKind.Invalid, sessions.Resize(id, 1001, 30)?.Kind);
        Assert.Null(await sessions.RemoveAsync(id).DefaultTimeout("remove"));
        Assert.Null(sessions.Find(id));
        Assert.Equal(SessionErrorKind.NotFound, (await sessions.RemoveAsync(id).DefaultTimeout("second remove"))?.Kind);
    }

    [Fact]
    public async Task RunningSession_RemoveRefusedThenStopReturnsTheEndedSession()
    {
        await using var harness = await SessionHarness.StartAsync();
        var sessions = harness.Server.GetService<ISessionManager>();
        var id = (await harness.CreateAsync("sleep 30"))["id"]!.GetValue<string>();

        Assert.Null(sessions.Resize(id, 100, 30));
        Assert.Null(await sessions.WriteInputAsync(id, "typed\r"u8.ToArray()).DefaultTimeout("input"));
        var refused = await sessions.RemoveAsync(id).DefaultTimeout("remove while running");
        var stopped = await sessions.StopAsync(id).DefaultTimeout("stop");

        Assert.Equal(new SessionError(SessionErrorKind.Running, "The session is still running; stop it before removing it."), refused);
        Assert.True(stopped.Succeeded, stopped.Error?.Message);
        Assert.Equal(SessionStatus.Stopped, stopped.Value.Status);
        Assert.Equal("Stopped by a user.", stopped.Value.Reason);
        Assert.Equal(stopped.Value, sessions.Find(id));
    }

    [Fact]
    public async Task OpenOutput_EndedTask_ReadsWhatItPrintedAtAnyOffset()
    {
        await using var harness = await SessionHarness.StartAsync();
        var sessions = harness.Server.GetService<ISessionManager>();
        var id = (await harness.CreateAsync("printf 'hello, reader'"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);

        var opened = sessions.OpenOutput(id);
        Assert.True(opened.Succeeded, opened.Error?.Message);
        using var output = opened.Value;
        var buffer = new byte[64];
        var all = output.Read(0, buffer);
        var tail = output.Read(7, buffer.AsSpan(32));

        Assert.True(output.IsCompleted);
        Assert.Equal("hello, reader", Encoding.UTF8.GetString(buffer, 0, all));
        Assert.Equal(output.Length, all);
        Assert.Equal("reader", Encoding.UTF8.GetString(buffer, 32, tail));
        Assert.Equal(0, output.Read(output.Length, buffer));
        await output.WaitForMoreAsync(output.Length).DefaultTimeout("a complete output's wait");
        Assert.Equal(await harness.OutputAsync(id), Encoding.UTF8.GetString(buffer, 0, all));
    }

    [Fact]
    public async Task ResizeRoute_ProblemBodies_FromTheTypedErrors()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("true"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);

        using var invalid = await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":0,"rows":10}""")).DefaultTimeout("resize 0");
        using var ended = await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":10,"rows":10}""")).DefaultTimeout("resize ended");

        var invalidProblem = await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest);
        Assert.Equal("cols and rows must each be between 1 and 1000 (got 0×10).", invalidProblem["detail"]!.GetValue<string>());
        var endedProblem = await ProblemAssert.IsProblemAsync(ended, HttpStatusCode.Conflict);
        Assert.Equal("The session has ended; it cannot be resized.", endedProblem["detail"]!.GetValue<string>());
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10", endedProblem["type"]!.GetValue<string>());
    }
}
