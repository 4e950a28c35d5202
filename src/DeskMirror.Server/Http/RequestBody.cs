using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeskMirror.Server.Http;

/// <summary>Reads a request body into memory up to a named limit.</summary>
public static class RequestBody
{
    /// <summary>The whole body, or null when it is longer than <paramref name="limitBytes"/> (answer 413).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limitBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[8192];
        while (true)
        {
            var read = await request.Body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limitBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>, or the problem to answer: 413 above <paramref name="limitBytes"/>,
    /// 400 (<paramref name="invalidMessage"/> and the parser's reason) when it is not that JSON, likewise for <c>null</c>.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(
        HttpRequest request, JsonTypeInfo<T> type, int limitBytes, string invalidMessage)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await ReadBoundedAsync(request, limitBytes, request.HttpContext.RequestAborted);
        if (body is null)
        {
            return (null, ApiProblems.PayloadTooLarge(limitBytes));
        }

        try
        {
            var value = JsonSerializer.Deserialize(body, type);
            return value is null ? (null, ApiProblems.BadRequest($"{invalidMessage}: the body is null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.BadRequest($"{invalidMessage}: {ex.Message}"));
        }
    }
}
