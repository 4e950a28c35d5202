using Microsoft.AspNetCore.Http;

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
}
