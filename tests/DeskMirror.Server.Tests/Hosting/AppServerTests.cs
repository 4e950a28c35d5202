using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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

        using var response = await client.GetAsync("/health").DefaultTimeout("GET /health");

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

    [Fact]
    public async Task Hooks_BuilderAppAndPublicMiddleware_RunInTheirPlaces()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder => builder.Services.AddSingleton(new HookMarker("added")),
            ConfigureApp = app => app.MapGet("/ui-page", (HttpContext context) => context.GetRequestMode().ToString()),
            ConfigurePublicMiddleware = app => app.Use((context, next) =>
                context.Request.Path == "/public.css" ? context.Response.WriteAsync("body{}") : next(context)),
        });

        Assert.Equal("added", server.GetService<HookMarker>().Value);
        using var anonymousPage = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync("/ui-page").DefaultTimeout("anonymous page");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPage.StatusCode);
        Assert.Equal("Desktop", await server.Desktop.GetStringAsync("/ui-page").DefaultTimeout("desktop page"));
        Assert.Equal("Mirror", await server.Mirror.GetStringAsync("/ui-page").DefaultTimeout("mirror page"));
        using var asset = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync("/public.css").DefaultTimeout("public asset");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
    }

    [Fact]
    public async Task MirrorStatus_WithDesktopControl_ReturnsItsStatus()
    {
        var status = new DeskMirror.Server.Desktop.MirrorStatus(
            DeskMirror.Server.Desktop.MirrorState.Serving, null, 4096, "0.0.0.0", "http://127.0.0.1:1", ["http://192.168.1.2:4096"], "tester", "pw");
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder => builder.Services.AddSingleton<DeskMirror.Server.Desktop.IDesktopControl>(new FixedDesktopControl(status)),
        });

        var body = JsonNode.Parse(await server.Desktop.GetStringAsync("/mirror/status").DefaultTimeout("GET /mirror/status"))!;

        Assert.Equal("serving", body["state"]!.GetValue<string>());
        Assert.Equal(4096, body["port"]!.GetValue<int>());
        Assert.Equal("http://192.168.1.2:4096", body["lanUrls"]![0]!.GetValue<string>());
    }

    private sealed record HookMarker(string Value);
}
