using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>Every cell of the session rows of the modes table, on both listeners, the WebSocket included.</summary>
public sealed class SessionPolicyTests : IAsyncLifetime
{
    private SessionHarness _harness = null!;
    private string _locked = null!;   // task, mirrorInput false
    private string _open = null!;     // task, mirrorInput true
    private string _terminal = null!;

    public async Task InitializeAsync()
    {
        _harness = await SessionHarness.StartAsync();
        _locked = (await _harness.CreateAsync("while read line; do echo \"locked:$line\"; done"))["id"]!.GetValue<string>();
        _open = (await _harness.CreateAsync("while read line; do echo \"open:$line\"; done", mirrorInput: true))["id"]!.GetValue<string>();
        _terminal = (await _harness.CreateAsync(null, kind: "terminal"))["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Id(string which) => which switch
    {
        "locked" => _locked,
        "open" => _open,
        _ => _terminal,
    };

    [Fact]
    public async Task List_MirrorDoesNotSeeTerminals_DesktopSeesAll()
    {
        var desktop = await ListAsync(RequestMode.Desktop);
        var mirror = await ListAsync(RequestMode.Mirror);
        Assert.Equal(new[] { _locked, _open, _terminal }.Order(), desktop.Order());
        Assert.Equal(new[] { _locked, _open }.Order(), mirror.Order());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/output")]
    [InlineData("POST", "/input")]
    [InlineData("POST", "/resize")]
    [InlineData("POST", "/stop")]
    [InlineData("DELETE", "")]
    public async Task AnyRoute_MirrorOnTerminal_Is404(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/session/{_terminal}{suffix}")
        {
            Content = method == "POST" ? Json.Body("""{"data":"x","cols":10,"rows":10}""") : null,
        };
        using var response = await _harness.Server.Mirror.SendAsync(request).DefaultTimeout($"{method} {suffix} on the mirror");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("running", (await _harness.GetAsync(_terminal))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_MirrorOnTerminal_Is404BeforeUpgrade()
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", TestAppServer.Basic(_harness.Server.Credentials).ToString());
        socket.Options.CollectHttpResponseDetails = true;
        var address = _harness.Server.BaseAddress(RequestMode.Mirror);
        await Assert.ThrowsAsync<WebSocketException>(
            () => socket.ConnectAsync(new Uri($"ws://{address.Authority}/session/{_terminal}/stream"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
        socket.Dispose();
    }

    [Theory]
    [InlineData("task")]
    [InlineData("terminal")]
    public async Task Create_Mirror_Is403(string kind)
    {
        var body = new JsonObject { ["projectId"] = _harness.ProjectId, ["kind"] = kind, ["command"] = "true", ["mirrorInput"] = true };
        using var response = await _harness.PostCreateAsync(RequestMode.Mirror, body.ToJsonString());
        await ProblemAssert.ForbiddenByRuleAsync(response, MirrorPolicy.RuleManageSessions);
    }

    [Theory]
    [InlineData(RequestMode.Desktop, "locked", HttpStatusCode.NoContent)]
    [InlineData(RequestMode.Desktop, "open", HttpStatusCode.NoContent)]
    [InlineData(RequestMode.Desktop, "terminal", HttpStatusCode.NoContent)]
    [InlineData(RequestMode.Mirror, "locked", HttpStatusCode.Forbidden)]
    [InlineData(RequestMode.Mirror, "open", HttpStatusCode.NoContent)]
    public async Task Input_ByModeAndSession_FollowsPolicy(RequestMode mode, string which, HttpStatusCode expected)
    {
        var id = Id(which);
        using var response = await _harness.InputAsync(id, $"typed-{mode}\r", mode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await ProblemAssert.ForbiddenByRuleAsync(response, MirrorPolicy.RuleTypeInto);
            return;
        }

        Assert.Equal(expected, response.StatusCode);
        await _harness.WaitForOutputAsync(id, $"typed-{mode}");
    }

    [Theory]
    [InlineData(RequestMode.Desktop, "locked", HttpStatusCode.NoContent)]
    [InlineData(RequestMode.Desktop, "terminal", HttpStatusCode.NoContent)]
    [InlineData(RequestMode.Mirror, "locked", HttpStatusCode.Forbidden)]
    [InlineData(RequestMode.Mirror, "open", HttpStatusCode.Forbidden)]
    public async Task Resize_ByMode_DesktopOnly(RequestMode mode, string which, HttpStatusCode expected)
    {
        using var response = await _harness.Client(mode).PostAsync($"/session/{Id(which)}/resize", Json.Body("""{"cols":90,"rows":30}""")).DefaultTimeout("resize");
        if (expected == HttpStatusCode.Forbidden)
        {
            await ProblemAssert.ForbiddenByRuleAsync(response, MirrorPolicy.RuleResize);
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("""{"cols":0,"rows":24}""")]
    [InlineData("""{"cols":80,"rows":1001}""")]
    [InlineData("""{"cols":-5,"rows":10}""")]
    [InlineData("""{"cols":"wide"}""")]
    [InlineData("not json")]
    public async Task Resize_OutOfRangeOrMalformed_Is400(string body)
    {
        using var response = await _harness.Server.Desktop.PostAsync($"/session/{_locked}/resize", Json.Body(body)).DefaultTimeout("resize");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Input_OverLimit_Is413()
    {
        using var response = await _harness.InputAsync(_locked, new string('a', 64 * 1024 + 1));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(RequestMode.Desktop, "open")]
    [InlineData(RequestMode.Mirror, "locked")]
    [InlineData(RequestMode.Desktop, "terminal")]
    public async Task Stop_AllowedCells_StopTheSession(RequestMode mode, string which)
    {
        using var response = await _harness.Client(mode).PostAsync($"/session/{Id(which)}/stop", null).DefaultTimeout("stop");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("stopped", (await _harness.GetAsync(Id(which)))["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(RequestMode.Desktop, "locked", true)]
    [InlineData(RequestMode.Desktop, "terminal", true)]
    [InlineData(RequestMode.Mirror, "locked", true)]
    [InlineData(RequestMode.Mirror, "open", true)]
    public async Task GetAndOutput_VisibleCells_Are200(RequestMode mode, string which, bool visible)
    {
        Assert.True(visible);
        Assert.Equal(Id(which), (await _harness.GetAsync(Id(which), mode))["id"]!.GetValue<string>());
        await _harness.OutputAsync(Id(which), mode: mode);
    }

    [Fact]
    public async Task Delete_Mirror_Is403_Desktop_Is204()
    {
        await _harness.Manager.StopAsync(_open).DefaultTimeout("stop before delete");
        using (var response = await _harness.Server.Mirror.DeleteAsync($"/session/{_open}").DefaultTimeout("mirror DELETE"))
        {
            await ProblemAssert.ForbiddenByRuleAsync(response, MirrorPolicy.RuleManageSessions);
        }

        using (var response = await _harness.Server.Desktop.DeleteAsync($"/session/{_open}").DefaultTimeout("desktop DELETE"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task UnknownId_EveryRoute_Is404()
    {
        foreach (var (method, suffix) in new[] { ("GET", ""), ("GET", "/output"), ("POST", "/input"), ("POST", "/resize"), ("POST", "/stop"), ("DELETE", "") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/session/nope{suffix}")
            {
                Content = method == "POST" ? Json.Body("""{"data":"x","cols":10,"rows":10}""") : null,
            };
            using var response = await _harness.Server.Desktop.SendAsync(request).DefaultTimeout($"{method} {suffix}");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task StreamInput_MirrorOnOpenSession_ReachesProcess()
    {
        using var socket = await _harness.ConnectAsync(_open, RequestMode.Mirror);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ws-open\r"), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout("send");
        await _harness.WaitForOutputAsync(_open, "open:ws-open");
    }

    [Fact]
    public async Task StreamInput_MirrorOnLockedSession_ClosedWithPolicyViolationAndNothingTyped()
    {
        using var socket = await _harness.ConnectAsync(_locked, RequestMode.Mirror);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ws-locked\r"), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout("send");
        await WebSocketReader.ReadToCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Equal(MirrorPolicy.RuleTypeInto, socket.CloseStatusDescription);

        // A desktop line afterwards proves the process is alive and the locked line never arrived.
        (await _harness.InputAsync(_locked, "after\r")).Dispose();
        var output = await _harness.WaitForOutputAsync(_locked, "locked:after");
        Assert.DoesNotContain("ws-locked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamInput_DesktopOnTerminal_ReachesShell()
    {
        using var socket = await _harness.ConnectAsync(_terminal, RequestMode.Desktop);
        await socket.SendAsync(Encoding.UTF8.GetBytes("echo ws-$((6*7))\r"), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout("send");
        await _harness.WaitForOutputAsync(_terminal, "ws-42");
    }

    [Fact]
    public async Task Events_Terminal_NeverReachMirrorSubscribers()
    {
        await using var mirror = await _harness.Server.OpenEventsAsync(RequestMode.Mirror);
        await using var desktop = await _harness.Server.OpenEventsAsync(RequestMode.Desktop);
        var terminal = (await _harness.CreateAsync(null, kind: "terminal"))["id"]!.GetValue<string>();
        var task = (await _harness.CreateAsync("true"))["id"]!.GetValue<string>();

        Assert.Equal(terminal, (await desktop.ReadUntilAsync("session.created")).Properties["id"]!.GetValue<string>());
        Assert.Equal(task, (await mirror.ReadUntilAsync("session.created")).Properties["id"]!.GetValue<string>());
    }

    private async Task<List<string>> ListAsync(RequestMode mode)
    {
        using var response = await _harness.Client(mode).GetAsync("/session").DefaultTimeout("GET /session");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        return [.. list.Select(s => s!["id"]!.GetValue<string>())];
    }
}
