using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>
/// A push service that answers as told, for what web-push-testing cannot do: any status code, or no answer
/// until released. Records each request's path and headers. Real Kestrel on 127.0.0.1, port 0.
/// </summary>
public sealed class RecordingPushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedPush> _requests = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RecordingPushService(WebApplication app) => _app = app;

    /// <summary>The status every request gets; default 201 Created.</summary>
    public int Status { get; set; } = StatusCodes.Status201Created;

    /// <summary>When true, requests wait for <see cref="Release"/> before they are answered.</summary>
    public bool Hold { get; set; }

    public IReadOnlyCollection<RecordedPush> Requests => _requests;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>Completes when a request has arrived (since the last <see cref="ResetArrival"/>).</summary>
    public Task Arrived => _arrived.Task.DefaultTimeout("a request at the push service");

    public static async Task<RecordingPushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, l => listen = l));
        var app = builder.Build();
        var service = new RecordingPushService(app);
        app.MapPost("/{**path}", service.HandleAsync);
        await app.StartAsync().DefaultTimeout("the recording push service to start");
        service.BaseAddress = new Uri($"http://127.0.0.1:{listen!.IPEndPoint!.Port}/");
        return service;
    }

    public void ResetArrival() => _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers every held request and stops holding.</summary>
    public void Release()
    {
        Hold = false;
        _release.TrySetResult();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedPush(context.Request.Path.Value ?? "", headers, body.ToArray()));
        _arrived.TrySetResult();
        if (Hold)
        {
            await _release.Task.WaitAsync(context.RequestAborted);
        }

        context.Response.StatusCode = Status;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the push service saw it.</summary>
public sealed record RecordedPush(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
