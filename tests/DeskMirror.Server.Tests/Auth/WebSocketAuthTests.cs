using System.Net;
using System.Net.WebSockets;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Tests.Auth;

/// <summary>What Blazor Server needs behind the cookie: a WebSocket that opens with the cookie and a same-site Origin.</summary>
public sealed class WebSocketAuthTests : IAsyncLifetime
{
    private TestAppServer _server = null!;
    private CookieContainer _cookies = null!;

    public async Task InitializeAsync()
    {
        _server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureApp = app =>
            {
                app.UseWebSockets();
                app.Map("/ws-echo", async (HttpContext context) =>
                {
                    using var socket = await context.WebSockets.AcceptWebSocketAsync();
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                });
            },
        });
        _cookies = new CookieContainer();
        var origin = _server.BaseAddress(RequestMode.Mirror);
        using var signIn = await _server.CreateBrowserClient(RequestMode.Mirror, _cookies)
            .SendAsync(BrowserRequests.SignIn(origin, _server.Credentials.Username, _server.Credentials.Password)).DefaultTimeout("sign in");
        Assert.NotNull(BrowserRequests.SetCookie(signIn, AuthSchemes.MirrorCookieName));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WebSocket_CookieAndSameOrigin_Opens()
    {
        using var socket = Create(_server.BaseAddress(RequestMode.Mirror).GetLeftPart(UriPartial.Authority), _cookies);

        await socket.ConnectAsync(WsUri(), CancellationToken.None).DefaultTimeout("connect");

        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task WebSocket_CookieFromForeignOrigin_Refused403()
    {
        using var socket = Create("http://evil.example", _cookies);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUri(), CancellationToken.None).DefaultTimeout("connect"));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task WebSocket_NoCredentialsFromBrowser_401WithoutBasicPrompt()
    {
        using var socket = Create(_server.BaseAddress(RequestMode.Mirror).GetLeftPart(UriPartial.Authority), new CookieContainer());

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsUri(), CancellationToken.None).DefaultTimeout("connect"));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        Assert.False(socket.HttpResponseHeaders?.ContainsKey("WWW-Authenticate") ?? false);
    }

    private Uri WsUri() => new($"ws://127.0.0.1:{_server.Server.MirrorEndpoint.Port}/ws-echo");

    private static ClientWebSocket Create(string origin, CookieContainer cookies)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.SetRequestHeader("Sec-Fetch-Mode", "websocket");
        return socket;
    }
}
