using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Proxy.Tests;

public sealed class HttpThroughProxyTests
{
    [Fact]
    public async Task KeepAlive_ManyRequestsOnOneClientConnection_AllServedOverOneUpstreamConnection()
    {
        await using var kestrel = await KestrelUpstream.StartAsync(app =>
            app.MapGet("/connection", (HttpContext context) => context.Connection.Id));
        await using var proxy = await ProxyUnderTest.StartAsync(kestrel.EndPoint);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
        {
            BaseAddress = new Uri($"http://{proxy.LocalEndpoint}"),
        };

        var connectionIds = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            connectionIds.Add(await http.GetStringAsync("/connection").DefaultTimeout($"request {i}"));
        }

        Assert.Single(connectionIds);
        Assert.Equal(1, proxy.Counters.Accepted);
    }

    [Fact]
    public async Task ServerSentEvents_EachEventAcknowledgedBeforeTheNext_ArriveOneByOne()
    {
        // The server sends event N+1 only after the client acknowledged event N on a side channel, so a
        // proxy that held small writes back (Nagle, coalescing, waiting for a full buffer) deadlocks here.
        const int Events = 200;
        var acks = Channel.CreateUnbounded<int>();
        await using var kestrel = await KestrelUpstream.StartAsync(app => app.MapGet("/event", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.FlushAsync();
            for (var i = 0; i < Events; i++)
            {
                await context.Response.WriteAsync($"data: {i}\n\n");
                await context.Response.Body.FlushAsync();
                var ack = await acks.Reader.ReadAsync(context.RequestAborted).AsTask().WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
                Assert.Equal(i, ack);
            }
        }));
        await using var proxy = await ProxyUnderTest.StartAsync(kestrel.EndPoint);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{proxy.LocalEndpoint}") };

        using var response = await http.GetAsync("/event", HttpCompletionOption.ResponseHeadersRead).DefaultTimeout("SSE response headers");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        for (var i = 0; i < Events; i++)
        {
            Assert.Equal($"data: {i}", await reader.ReadLineAsync().DefaultTimeout($"SSE event {i}"));
            Assert.Equal(string.Empty, await reader.ReadLineAsync().DefaultTimeout($"blank line after SSE event {i}"));
            await acks.Writer.WriteAsync(i);
        }

        Assert.Null(await reader.ReadLineAsync().DefaultTimeout("SSE end of stream"));
    }

    [Fact]
    public async Task WebSocket_TextAndBinarySmallAndLarge_EchoedAndClosedCleanly()
    {
        await using var kestrel = await KestrelUpstream.StartAsync(app => app.Map("/ws", EchoWebSocketAsync));
        await using var proxy = await ProxyUnderTest.StartAsync(kestrel.EndPoint);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{proxy.LocalEndpoint}/ws"), CancellationToken.None).DefaultTimeout("WebSocket handshake");

        var random = new Random(7);
        var large = new byte[4 * 1024 * 1024];
        random.NextBytes(large);
        var largeText = Encoding.UTF8.GetBytes(new string('x', 4 * 1024 * 1024 - 7) + "äöü!");
        var messages = new (WebSocketMessageType Type, byte[] Payload)[]
        {
            (WebSocketMessageType.Text, "hello, mirror"u8.ToArray()),
            (WebSocketMessageType.Binary, [0, 1, 2, 255, 254]),
            (WebSocketMessageType.Text, largeText),
            (WebSocketMessageType.Binary, large),
        };

        foreach (var (type, payload) in messages)
        {
            await socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None).DefaultTimeout($"send {type} {payload.Length}");
            var (echoType, echo) = await ReceiveMessageAsync(socket).DefaultTimeout($"echo of {type} {payload.Length}");
            Assert.Equal(type, echoType);
            Assert.Equal(payload, echo);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).DefaultTimeout("close handshake");
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        while (true)
        {
            var (type, payload) = await ReceiveMessageAsync(socket);
            if (type == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription, CancellationToken.None);
                return;
            }

            await socket.SendAsync(payload, type, endOfMessage: true, CancellationToken.None);
        }
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }
}
