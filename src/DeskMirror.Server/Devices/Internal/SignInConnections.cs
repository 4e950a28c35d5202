using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>
/// The requests each mirror sign-in has running, and how many of them are streams (event streams, WebSockets, the
/// UI circuit's connection). Ending a sign-in aborts them all. One small set per sign-in with requests in flight;
/// it goes away with its last request.
/// </summary>
internal sealed class SignInConnections
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Raised (outside any lock) with the sign-in id after its number of open streams changed.</summary>
    public event Action<string>? Changed;

    /// <summary>Tracks <paramref name="context"/> until the returned handle is disposed.</summary>
    public TrackedRequest Track(string signInId, HttpContext context)
    {
        var tracked = new TrackedRequest(this, signInId, context);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(signInId, static _ => new Bucket());
            lock (bucket)
            {
                // A bucket emptied and dropped meanwhile: take a fresh one.
                if (bucket.Dropped)
                {
                    continue;
                }

                bucket.Requests.Add(tracked);
                break;
            }
        }

        if (IsWebSocket(context))
        {
            tracked.MarkStream();
        }
        else
        {
            // An event stream is known by what it answers; it counts from its first byte.
            context.Response.OnStarting(static state =>
            {
                var request = (TrackedRequest)state;
                if (request.Context.Response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
                {
                    request.MarkStream();
                }

                return Task.CompletedTask;
            }, tracked);
        }

        return tracked;
    }

    /// <summary>The sign-in's open streams now.</summary>
    public int StreamCount(string signInId)
    {
        if (!_buckets.TryGetValue(signInId, out var bucket))
        {
            return 0;
        }

        lock (bucket)
        {
            return bucket.Streams;
        }
    }

    /// <summary>Aborts every request of the sign-in except <paramref name="except"/> (the request ending it); returns how many.</summary>
    public int Abort(string signInId, HttpContext? except)
    {
        if (!_buckets.TryGetValue(signInId, out var bucket))
        {
            return 0;
        }

        TrackedRequest[] requests;
        lock (bucket)
        {
            requests = [.. bucket.Requests];
        }

        var aborted = 0;
        foreach (var request in requests)
        {
            if (!ReferenceEquals(request.Context, except))
            {
                // Closes the connection under an HTTP/1.1 request or WebSocket, resets an HTTP/2 stream.
                request.Context.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    internal void MarkStream(TrackedRequest request)
    {
        if (!_buckets.TryGetValue(request.SignInId, out var bucket))
        {
            return;
        }

        lock (bucket)
        {
            if (request.IsStream || !bucket.Requests.Contains(request))
            {
                return;
            }

            request.IsStream = true;
            bucket.Streams++;
        }

        Changed?.Invoke(request.SignInId);
    }

    internal void Untrack(TrackedRequest request)
    {
        if (!_buckets.TryGetValue(request.SignInId, out var bucket))
        {
            return;
        }

        bool wasStream;
        lock (bucket)
        {
            if (!bucket.Requests.Remove(request))
            {
                return;
            }

            wasStream = request.IsStream;
            if (wasStream)
            {
                bucket.Streams--;
            }

            if (bucket.Requests.Count == 0)
            {
                bucket.Dropped = true;
                _buckets.TryRemove(new KeyValuePair<string, Bucket>(request.SignInId, bucket));
            }
        }

        if (wasStream)
        {
            Changed?.Invoke(request.SignInId);
        }
    }

    private static bool IsWebSocket(HttpContext context)
        => context.Request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect
                && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);

    private sealed class Bucket
    {
        public HashSet<TrackedRequest> Requests { get; } = [];

        public int Streams { get; set; }

        public bool Dropped { get; set; }
    }
}
