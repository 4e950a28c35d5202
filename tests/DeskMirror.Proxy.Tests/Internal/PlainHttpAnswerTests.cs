using System.Text;
using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy.Tests.Internal;

/// <summary>The answers of the proxy's own plain-HTTP responder, byte for byte where it matters.</summary>
public sealed class PlainHttpAnswerTests
{
    private static readonly byte[] Authority = [0x30, 0x82, 0x01, 0x02];

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: studio.local:4096\r\n\r\n", "https://studio.local:4096/")]
    [InlineData("POST /auth/sign-in?returnUrl=%2F HTTP/1.1\r\nhost: 192.168.1.20:4096\r\nContent-Length: 3\r\n\r\n", "https://192.168.1.20:4096/auth/sign-in?returnUrl=%2F")]
    [InlineData("GET /p/x HTTP/1.0\r\nHOST:[fe80::1]:4096\r\n\r\n", "https://[fe80::1]:4096/p/x")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nnot a header\r\n\r\n", "https://a/")]
    public void Request_WithAHost_IsRedirectedToHttps(string request, string location)
    {
        var answer = Text(PlainHttpAnswer.For(Encoding.ASCII.GetBytes(request), Authority));

        Assert.Equal($"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nCache-Control: no-store\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", answer);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")] // no Host
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")] // two
    [InlineData("GET / HTTP/1.1\r\nHost: evil.example/\r\n\r\n")] // not a host
    [InlineData("GET http://elsewhere/ HTTP/1.1\r\nHost: a\r\n\r\n")] // absolute form
    [InlineData("get / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/2.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a")] // never ends
    public void Request_Unusable_Gets400WithAProblemBody(string request)
    {
        var answer = Text(PlainHttpAnswer.For(Encoding.ASCII.GetBytes(request), Authority));

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\n", answer, StringComparison.Ordinal);
        Assert.EndsWith("}", answer, StringComparison.Ordinal);
        Assert.Contains("\"status\":400", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", false)]
    public void CaCrt_GetOrHead_IsTheAuthorityInDer(string method, bool body)
    {
        var answer = PlainHttpAnswer.For(Encoding.ASCII.GetBytes($"{method} /ca.crt HTTP/1.1\r\nHost: a\r\n\r\n"), Authority);
        var text = Text(answer);

        Assert.StartsWith("HTTP/1.1 200 OK\r\nContent-Type: application/x-x509-ca-cert\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 4\r\n", text, StringComparison.Ordinal);
        Assert.Equal(body ? Authority : [], answer.AsSpan(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4).ToArray());
    }

    [Fact]
    public void CaCrt_WithoutAnAuthority_IsRedirectedLikeAnyPath()
    {
        var answer = Text(PlainHttpAnswer.For("GET /ca.crt HTTP/1.1\r\nHost: a\r\n\r\n"u8, null));

        Assert.StartsWith("HTTP/1.1 307 Temporary Redirect\r\nLocation: https://a/ca.crt\r\n", answer, StringComparison.Ordinal);
    }

    private static string Text(byte[] answer) => Encoding.Latin1.GetString(answer);
}
