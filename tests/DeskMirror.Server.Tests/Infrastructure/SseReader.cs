using System.Text;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Reads a live <c>GET /event</c> response frame by frame.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <c>/event</c> with the given client; <paramref name="lastEventId"/> sends <c>Last-Event-ID</c>.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient client, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/event");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout("GET /event headers");
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync().DefaultTimeout("GET /event body");
        return new SseReader(response, stream);
    }

    /// <summary>The next frame, comments included; null at the end of the stream.</summary>
    public async Task<SseMessage?> ReadAsync(TimeSpan? timeout = null)
    {
        string? id = null, type = null, comment = null;
        var data = new StringBuilder();
        var any = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync().TimeoutAfter(timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan, "next SSE line");
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseMessage(id, type, data.Length == 0 ? null : data.ToString(), comment);
                }

                continue;
            }

            any = true;
            if (line[0] == ':')
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line[5..].TrimStart());
            }
        }
    }

    /// <summary>The next event, skipping heartbeat comments; fails at end of stream.</summary>
    public async Task<SseMessage> ReadEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReadAsync(timeout) ?? throw new InvalidOperationException("The event stream ended.");
            if (!message.IsComment)
            {
                return message;
            }
        }
    }

    /// <summary>Skips events until one of <paramref name="type"/> arrives.</summary>
    public async Task<SseMessage> ReadUntilAsync(string type, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReadEventAsync(timeout);
            if (message.Event == type)
            {
                return message;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
