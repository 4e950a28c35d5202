using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests <see cref="HttpClient"/> would rewrite: a path sent byte for byte
/// (<c>%2D</c>, <c>//</c>), a body sent slowly, a PROXY header before the request, a chosen source address.
/// </summary>
public static class RawHttp
{
    /// <summary>Connects to <paramref name="server"/>, from <paramref name="source"/> when given, and writes <paramref name="prefix"/> first when given.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint server, IPAddress? source = null, byte[]? prefix = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(server).DefaultTimeout("connect");
            if (prefix is not null)
            {
                await socket.SendAsync(prefix).DefaultTimeout("send the prefix");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The request head: request line, <c>Host</c>, <c>Connection: close</c>, the given headers and, with a body, its length.</summary>
    public static byte[] Head(IPEndPoint server, string method, string target, int? contentLength = null, params string[] headers)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{server.Port}\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (contentLength is { } length)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>Sends one request and reads the response until the server closes the connection.</summary>
    public static async Task<RawResponse> SendAsync(
        IPEndPoint server, string method, string target, string? body = null, IPAddress? source = null, byte[]? prefix = null, params string[] headers)
    {
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        using var socket = await ConnectAsync(server, source, prefix);
        await socket.SendAsync(Head(server, method, target, bytes?.Length, headers)).DefaultTimeout("send the head");
        if (bytes is not null)
        {
            await socket.SendAsync(bytes).DefaultTimeout("send the body");
        }

        return await ReadResponseAsync(socket);
    }

    /// <summary>A sign-in form post to <paramref name="target"/>, spelled exactly as given.</summary>
    public static Task<RawResponse> SignInAsync(IPEndPoint server, string target, string username, string password, IPAddress? source = null, byte[]? prefix = null)
    {
        var form = $"username={Uri.EscapeDataString(username)}&password={Uri.EscapeDataString(password)}&returnUrl=%2F";
        return SendAsync(
            server, "POST", target, form, source, prefix,
            "Content-Type: application/x-www-form-urlencoded", $"Origin: http://127.0.0.1:{server.Port}", "Sec-Fetch-Mode: navigate");
    }

    /// <summary>Reads until the server closes; an empty status (0) when it closed without answering.</summary>
    public static async Task<RawResponse> ReadResponseAsync(Socket socket)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(chunk).DefaultTimeout("read the response");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
        }

        return RawResponse.Parse(buffer.ToArray());
    }
}

/// <summary>A response read by <see cref="RawHttp"/>: status 0 means the connection closed without one.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name)
        => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name)
        => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>True when the response sets the cookie <paramref name="name"/> to a value (a sign-in).</summary>
    public bool SetsCookie(string name)
        => All("Set-Cookie").Any(v => v.StartsWith(name + "=", StringComparison.Ordinal) && !v.StartsWith(name + "=;", StringComparison.Ordinal));

    public static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (text.Length == 0 || end < 0)
        {
            return new RawResponse(0, [], text);
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : string.Empty))
            .ToList();
        var body = text[(end + 4)..];
        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        return new RawResponse(status, headers, body);
    }

    private static string Unchunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(body[position..lineEnd].Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, Math.Min(size, body.Length - lineEnd - 2));
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
