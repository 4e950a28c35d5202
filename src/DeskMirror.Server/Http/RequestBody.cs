using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeskMirror.Server.Http;

/// <summary>Reads a request body into memory up to a named limit.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The whole body, or null when it is longer than <paramref name="limitBytes"/> (answer 413). A body Kestrel
    /// cannot read (too slow, cut short) throws <see cref="BadHttpRequestException"/>, which the server answers
    /// quietly with its status; prefer <see cref="ReadAsync"/>, which returns that answer instead.
    /// </summary>
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
    /// The whole body, or the problem to answer: 413 above <paramref name="limitBytes"/>, 408 when it arrives too
    /// slowly (Kestrel's minimum data rate), 400 when it ends early.
    /// </summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken = default)
    {
        try
        {
            var body = await ReadBoundedAsync(request, limitBytes, cancellationToken);
            return body is null ? (null, ApiProblems.PayloadTooLarge(limitBytes)) : (body, null);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ApiProblems.UnreadableBody(ex));
        }
    }

    /// <summary>
    /// The body as <typeparamref name="T"/>, or the problem to answer: 413 above <paramref name="limitBytes"/>,
    /// 408 when it arrives too slowly, 400 (<paramref name="invalidMessage"/> and the parser's reason) when it is
    /// not that JSON, likewise for <c>null</c>.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(
        HttpRequest request, JsonTypeInfo<T> type, int limitBytes, string invalidMessage)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await ReadAsync(request, limitBytes, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return (null, problem);
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
