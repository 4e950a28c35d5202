using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// Serves one <c>GET /event</c> connection: greeting, resync or replay, then live events and heartbeats. Ids and
/// <c>Last-Event-ID</c> are those of the request's listener.
/// </summary>
internal static class EventStreamWriter
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static async Task ServeAsync(HttpContext context, EventBus bus, TimeSpan heartbeatInterval, TimeProvider time)
    {
        var mode = context.GetRequestMode();
        var lastEventId = ParseLastEventId(context.Request);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var cancellationToken = context.RequestAborted;
        using var subscription = bus.SubscribeStream(mode, lastEventId, context.Abort);
        var writer = response.BodyWriter;
        try
        {
            // No id: the greeting must not move the client's Last-Event-ID.
            var connected = new ServerConnectedEvent(mode, subscription.LastIdAtSubscribe);
            await writer.WriteAsync(EncodedEvent.EncodeFrame(null, connected), cancellationToken);
            if (subscription.Resync)
            {
                // Its id moves the client to "now": after refetching it has everything up to here.
                var resync = new ServerResyncEvent(subscription.LastIdAtSubscribe);
                await writer.WriteAsync(EncodedEvent.EncodeFrame(subscription.LastIdAtSubscribe, resync), cancellationToken);
            }

            foreach (var missed in subscription.Replay)
            {
                writer.Write(missed.Frame);
            }

            await writer.FlushAsync(cancellationToken);
            await PumpAsync(writer, subscription.Subscriber, heartbeatInterval, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or was cut off for overflowing: a normal end of a stream.
        }
    }

    private static async Task PumpAsync(PipeWriter writer, EventSubscriber subscriber, TimeSpan heartbeatInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        var reader = subscriber.Reader;
        Task<bool>? pending = null;
        while (true)
        {
            var wrote = false;
            while (reader.TryRead(out var next))
            {
                writer.Write(next.Frame);
                wrote = true;
            }

            if (wrote)
            {
                var flushed = await writer.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }

            // One wait stays pending across heartbeats, so idle periods do not pile up waiters on the channel.
            pending ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            try
            {
                var more = await pending.WaitAsync(heartbeatInterval, time, cancellationToken);
                pending = null;
                if (!more)
                {
                    return;
                }
            }
            catch (TimeoutException)
            {
                writer.Write(Heartbeat);
                var flushed = await writer.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
    }

    private static long? ParseLastEventId(HttpRequest request)
    {
        var value = request.Headers["Last-Event-ID"].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            value = request.Query["lastEventId"].ToString();
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
