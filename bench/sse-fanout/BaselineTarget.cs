using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Bench.SseFanout;

/// <summary>
/// The baseline: a bare Kestrel endpoint that keeps every response and, on publish, writes the same frame bytes
/// straight into each one (no queue, no replay buffer, no auth, no policy).
/// </summary>
internal sealed class BaselineTarget : ISseTarget
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<HttpResponse, byte> _subscribers;
    private long _nextId;

    private BaselineTarget(WebApplication app, ConcurrentDictionary<HttpResponse, byte> subscribers, int port)
    {
        _app = app;
        _subscribers = subscribers;
        Port = port;
    }

    public string Name => "baseline Kestrel SSE";

    public int Port { get; }

    public string? Authorization => null;

    public static async Task<BaselineTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => listen = l));
        var app = builder.Build();
        var subscribers = new ConcurrentDictionary<HttpResponse, byte>();
        app.MapGet("/event", async context =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            // Registered before the greeting, so a client that saw the greeting is sure to get the burst.
            subscribers[context.Response] = 0;
            try
            {
                await context.Response.BodyWriter.WriteAsync("event: hello\ndata: {}\n\n"u8.ToArray(), context.RequestAborted);
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                subscribers.TryRemove(context.Response, out _);
            }
        });
        await app.StartAsync();
        return new BaselineTarget(app, subscribers, listen!.IPEndPoint!.Port);
    }

    public async ValueTask PublishAsync(int seq)
    {
        var id = ++_nextId;
        var ts = Stopwatch.GetTimestamp();
        var frame = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"id: {id}\nevent: project.changes\ndata: {{\"type\":\"project.changes\",\"properties\":{{\"id\":\"{seq}-{ts}\"}}}}\n\n"));
        // Start every subscriber's write before awaiting any, so one slow socket does not hold up the rest;
        // one event at a time keeps writes to a response from overlapping.
        List<Task>? pending = null;
        foreach (var response in _subscribers.Keys)
        {
            var write = response.BodyWriter.WriteAsync(frame);
            if (!write.IsCompletedSuccessfully)
            {
                (pending ??= []).Add(write.AsTask());
            }
        }

        if (pending is not null)
        {
            await Task.WhenAll(pending);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
