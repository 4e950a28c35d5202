using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Hosting;

public sealed class AppServerTests
{
    [Fact]
    public async Task StartAsync_TwoListeners_BoundToDifferentLoopbackPorts()
    {
        await using var server = await TestAppServer.StartAsync();

        Assert.Equal(IPAddress.Loopback, server.Server.DesktopEndpoint.Address);
        Assert.Equal(IPAddress.Loopback, server.Server.MirrorEndpoint.Address);
        Assert.NotEqual(0, server.Server.DesktopEndpoint.Port);
        Assert.NotEqual(0, server.Server.MirrorEndpoint.Port);
        Assert.NotEqual(server.Server.DesktopEndpoint.Port, server.Server.MirrorEndpoint.Port);
    }

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Health_WithoutCredentials_IsOpen(RequestMode mode)
    {
        await using var server = await TestAppServer.StartAsync();
        var client = server.CreateClient(mode, authenticated: false);

        using var response = await client.GetAsync("/health").Within("GET /health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["ok"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(body["version"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(RequestMode.Desktop, "desktop")]
    [InlineData(RequestMode.Mirror, "mirror")]
    public async Task Events_FirstEvent_IsServerConnectedWithTheListenersMode(RequestMode mode, string expected)
    {
        await using var server = await TestAppServer.StartAsync();
        await using var events = await server.OpenEventsAsync(mode);

        var first = await events.ReadEventAsync();

        Assert.Equal("server.connected", first.Event);
        Assert.Equal(expected, first.Properties["mode"]!.GetValue<string>());
    }
}
