using System.Globalization;
using System.Text;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// What the proxy answers a plain HTTP request when it redirects plain HTTP itself
/// (<see cref="TcpMirrorProxyOptions.RedirectPlainHttp"/>): <c>GET /ca.crt</c> gets the authority's certificate, every
/// other request <c>307</c> to the same host, port, path and query over https (307 keeps the method and body, and is
/// not cached, so turning plain HTTP back on takes effect at once); a request without a usable Host gets <c>400</c>
/// with a problem body. Every answer closes the connection. The request is only looked at, never forwarded.
/// </summary>
internal static class PlainHttpAnswer
{
    /// <summary>The most of a request head read before answering <c>400</c>: the line and headers of a browser's request fit many times.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    /// <summary>The path of the authority's certificate, as the app server serves it.</summary>
    public const string CertificatePath = "/ca.crt";

    /// <summary>The certificate's content type: DER, which iOS opens as a profile and Android's installer takes.</summary>
    public const string CertificateContentType = "application/x-x509-ca-cert";

    /// <summary>Where a request head ends (the index of its blank line's CRLF pair), or -1 while it is incomplete.</summary>
    public static int HeadLength(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <summary>The whole response to <paramref name="head"/> (a request line and headers, ending in a blank line, or cut at <see cref="MaxHeadBytes"/>).</summary>
    public static byte[] For(ReadOnlySpan<byte> head, byte[]? authorityCertificate)
    {
        if (HeadLength(head) < 0)
        {
            return BadRequest($"The request head is larger than {MaxHeadBytes} bytes.");
        }

        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var request = lines[0].Split(' ');
        if (request.Length != 3 || !request[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || request[0].Length == 0 || !request[0].All(char.IsAsciiLetterUpper)
            || !request[1].StartsWith('/') || !request[1].All(c => c is > ' ' and < '\x7f'))
        {
            return BadRequest("This port answers plain HTTP only with a redirect to HTTPS; the request line is not an HTTP/1.x request for a path.");
        }

        var (method, target) = (request[0], request[1]);
        if (authorityCertificate is not null && method is "GET" or "HEAD" && IsCertificatePath(target))
        {
            return Certificate(authorityCertificate, includeBody: method == "GET");
        }

        string? host = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                if (host is not null)
                {
                    return BadRequest("The request has more than one Host header.");
                }

                host = line[(colon + 1)..].Trim();
            }
        }

        if (host is not { Length: > 0 and <= 261 } || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '[' or ']'))
        {
            return BadRequest("This port answers plain HTTP only with a redirect to HTTPS; send a Host header to be redirected.");
        }

        return Response("307 Temporary Redirect", $"Location: https://{host}{target}\r\nCache-Control: no-store\r\nContent-Length: 0\r\n", []);
    }

    /// <summary><see cref="CertificatePath"/> in any case, percent-encoded or not, with or without a trailing slash, with or without a query.</summary>
    private static bool IsCertificatePath(string target)
    {
        var path = target.Split('?', 2)[0];
        try
        {
            path = Uri.UnescapeDataString(path);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path[..^1];
        }

        return string.Equals(path, CertificatePath, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Certificate(byte[] der, bool includeBody) => Response(
        "200 OK",
        string.Create(CultureInfo.InvariantCulture, $"Content-Type: {CertificateContentType}\r\nContent-Disposition: inline; filename=\"DeskMirror-CA.crt\"\r\nCache-Control: no-cache\r\nContent-Length: {der.Length}\r\n"),
        includeBody ? der : []);

    private static byte[] BadRequest(string detail)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.1\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"{detail}\"}}");
        return Response("400 Bad Request", string.Create(CultureInfo.InvariantCulture, $"Content-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n"), body);
    }

    private static byte[] Response(string status, string headers, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n");
        return [.. head, .. body];
    }
}
