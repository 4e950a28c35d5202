using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Hosting.Internal;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Hosting;

/// <summary>The mirror listener with <see cref="AppServerOptions.MirrorProxyProtocol"/>: each device is its own address.</summary>
public sealed class ProxyProtocolTests
{
    private static readonly IPAddress DeviceA = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress DeviceB = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task TwoDevices_OneGuessesPasswords_OnlyItIsThrottled_TheOtherAndTheDesktopAreNot()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await StartAsync(logs);
        var guesser = server.CreateDeviceClient(DeviceA, credentials: server.Credentials with { Password = "guess" });
        for (var i = 0; i < 10; i++)
        {
            using var failure = await guesser.GetAsync("/project").DefaultTimeout($"guess {i}");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using (var blocked = await server.CreateDeviceClient(DeviceA).GetAsync("/project").DefaultTimeout("device A, right password"))
        {
            await ProblemAssert.IsProblemAsync(blocked, (HttpStatusCode)429);
        }

        using (var other = await server.CreateDeviceClient(DeviceB).GetAsync("/project").DefaultTimeout("device B"))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        var deviceBForm = await RawHttp.SignInAsync(
            server.Server.MirrorEndpoint, "/auth/sign-in", server.Credentials.Username, server.Credentials.Password, prefix: ProxyV2.From("127.0.0.3"));
        Assert.True(deviceBForm.SetsCookie(AuthSchemes.MirrorCookieName), $"device B's sign-in form answered {deviceBForm.Status}");
        using (var desktop = await server.Desktop.GetAsync("/project").DefaultTimeout("desktop Basic"))
        {
            Assert.Equal(HttpStatusCode.OK, desktop.StatusCode);
        }

        var desktopForm = await RawHttp.SignInAsync(server.Server.DesktopEndpoint, "/auth/sign-in", server.Credentials.Username, server.Credentials.Password);
        Assert.True(desktopForm.SetsCookie(AuthSchemes.DesktopCookieName), $"desktop sign-in form answered {desktopForm.Status}");
        var launch = await RawHttp.SendAsync(server.Server.DesktopEndpoint, "GET", server.Server.CreateLaunchPath());
        Assert.True(launch.SetsCookie(AuthSchemes.DesktopCookieName), $"launch link answered {launch.Status}");

        // The log names the device, not the proxy's loopback address.
        Assert.Contains(logs.Lines, l => l.Contains("Throttling 127.0.0.2 on the mirror listener", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Throttling 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Header_GivesRequestsTheDevicesAddressAndPort_AndKeepsTheMirrorMode()
    {
        await using var server = await StartAsync();

        var seen = await ConnectionAsync(server, ProxyV2.Header(new IPEndPoint(IPAddress.Parse("192.168.1.23"), 51234)));

        Assert.Equal("192.168.1.23", seen["remoteIp"]!.GetValue<string>());
        Assert.Equal(51234, seen["remotePort"]!.GetValue<int>());
        Assert.Equal(server.Server.MirrorEndpoint.Port, seen["localPort"]!.GetValue<int>());
        Assert.Equal("Mirror", seen["mode"]!.GetValue<string>());
        Assert.Equal("http", seen["scheme"]!.GetValue<string>());
        Assert.False(seen["isHttps"]!.GetValue<bool>());
        Assert.Null(seen["authority"]);
    }

    [Fact]
    public async Task Header_IPv6Device_Seen()
    {
        await using var server = await StartAsync();

        var seen = await ConnectionAsync(server, ProxyV2.Header(new IPEndPoint(IPAddress.Parse("fd00::23"), 443)));

        Assert.Equal("fd00::23", seen["remoteIp"]!.GetValue<string>());
        Assert.Equal(443, seen["remotePort"]!.GetValue<int>());
    }

    [Fact]
    public async Task SslTlvWithClientSsl_RequestsAreHttps_AuthorityAvailable()
    {
        await using var server = await StartAsync();
        var device = new IPEndPoint(IPAddress.Parse("10.0.0.5"), 40001);

        var tls = await ConnectionAsync(server, ProxyV2.WithCrc(ProxyV2.Header(device, null, ProxyV2.Ssl(clientSsl: true), ProxyV2.Alpn("http/1.1"), ProxyV2.Authority("desk.local"), ProxyV2.Tlv(ProxyV2.TypeNoop, [1, 2, 3]))));
        var plain = await ConnectionAsync(server, ProxyV2.Header(device, null, ProxyV2.Ssl(clientSsl: false)));

        Assert.Equal("https", tls["scheme"]!.GetValue<string>());
        Assert.True(tls["isHttps"]!.GetValue<bool>());
        Assert.Equal("desk.local", tls["authority"]!.GetValue<string>());
        Assert.Equal("http/1.1", tls["alpn"]!.GetValue<string>());
        Assert.Equal("http", plain["scheme"]!.GetValue<string>());
        Assert.False(plain["isHttps"]!.GetValue<bool>());
    }

    [Fact]
    public async Task HeaderSentByteByByte_Accepted()
    {
        await using var server = await StartAsync();
        var header = ProxyV2.Header(new IPEndPoint(IPAddress.Parse("10.0.0.6"), 40002), null, ProxyV2.Authority("desk.local"));
        using var socket = await RawHttp.ConnectAsync(server.Server.MirrorEndpoint);
        foreach (var b in header)
        {
            await socket.SendAsync(new[] { b }).DefaultTimeout("one byte of the header");
        }

        await socket.SendAsync(RawHttp.Head(server.Server.MirrorEndpoint, "GET", "/health")).DefaultTimeout("the request");
        var response = await RawHttp.ReadResponseAsync(socket);

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task NoHeader_ClosedWithoutAnAnswer()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await StartAsync(logs, LogLevel.Information);

        var response = await RawHttp.SendAsync(server.Server.MirrorEndpoint, "GET", "/health");

        Assert.Equal(0, response.Status);
        Assert.Contains(logs.Lines, l => l.Contains("no PROXY protocol v2 signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingSent_ClosedAtTheDeadline()
    {
        await using var server = await StartAsync(headerTimeout: TimeSpan.FromMilliseconds(200));
        using var socket = await RawHttp.ConnectAsync(server.Server.MirrorEndpoint);

        var response = await RawHttp.ReadResponseAsync(socket);

        Assert.Equal(0, response.Status);
        Assert.Empty(response.Body);
    }

    public static TheoryData<string, byte[]> Refused()
    {
        var device = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 40003);
        var mirror = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 4096);
        var valid = ProxyV2.Header(device);
        byte[] Patch(byte[] header, int index, byte value)
        {
            var copy = (byte[])header.Clone();
            copy[index] = value;
            return copy;
        }

        return new TheoryData<string, byte[]>
        {
            { "version 1 text header", "PROXY TCP4 10.0.0.7 192.0.2.1 40003 4096\r\n"u8.ToArray() },
            { "one byte of the signature wrong", Patch(valid, 11, 0x0B) },
            { "version 1 in the binary slot", Patch(valid, 12, 0x11) },
            { "LOCAL command", ProxyV2.Build(0x20, device, mirror) },
            { "unknown command", ProxyV2.Build(0x22, device, mirror) },
            { "TCP family nibble for UNIX sockets", Patch(valid, 13, 0x31) },
            { "UDP over IPv4", Patch(valid, 13, 0x12) },
            { "unspecified family", Patch(valid, 13, 0x00) },
            { "length shorter than the addresses", [.. valid[..14], 0, 8, .. valid[16..24]] },
            { "length over the 1 KiB bound", [.. valid[..14], 0x04, 0x00, .. valid[16..]] },
            { "cut short, then closed", valid[..20] },
            { "TLV running past the header", [.. valid[..14], 0, 15, .. valid[16..], ProxyV2.TypeAuthority, 0, 9] },
            { "TLV header cut short", [.. valid[..14], 0, 14, .. valid[16..], ProxyV2.TypeNoop, 0] },
            { "wrong CRC32C", ProxyV2.WithCrc(valid, correct: false) },
            { "source 0.0.0.0", ProxyV2.Header(new IPEndPoint(IPAddress.Any, 40003)) },
            { "source port 0", ProxyV2.Header(new IPEndPoint(IPAddress.Parse("10.0.0.7"), 0)) },
            { "broadcast source", ProxyV2.Header(new IPEndPoint(IPAddress.Broadcast, 40003)) },
            { "multicast source", ProxyV2.Header(new IPEndPoint(IPAddress.Parse("224.0.0.251"), 5353)) },
            { "IPv6 multicast source", ProxyV2.Header(new IPEndPoint(IPAddress.Parse("ff02::fb"), 5353)) },
            { "authority twice", ProxyV2.Header(device, null, ProxyV2.Authority("a.local"), ProxyV2.Authority("b.local")) },
            { "empty ALPN", ProxyV2.Header(device, null, ProxyV2.Tlv(ProxyV2.TypeAlpn, [])) },
            { "authority not UTF-8", ProxyV2.Header(device, null, ProxyV2.Tlv(ProxyV2.TypeAuthority, [0xC3, 0x28])) },
            { "authority with a space", ProxyV2.Header(device, null, ProxyV2.Authority("a b")) },
            { "SSL TLV too short", ProxyV2.Header(device, null, ProxyV2.Tlv(ProxyV2.TypeSsl, [1, 0, 0])) },
            { "SSL sub-TLV running past it", ProxyV2.Header(device, null, ProxyV2.Tlv(ProxyV2.TypeSsl, [1, 0, 0, 0, 0, 0x21, 0, 9, 0x41])) },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task MalformedOrSpoofedHeader_SentStraightToTheMirrorListener_ClosedUnanswered(string what, byte[] header)
    {
        await using var server = await StartAsync();
        using var socket = await RawHttp.ConnectAsync(server.Server.MirrorEndpoint, prefix: header);
        if (what != "cut short, then closed")
        {
            await socket.SendAsync(RawHttp.Head(server.Server.MirrorEndpoint, "GET", "/health")).DefaultTimeout("the request");
        }

        socket.Shutdown(SocketShutdown.Send);
        var response = await RawHttp.ReadResponseAsync(socket);

        Assert.True(response.Status == 0, $"{what}: answered {response.Status}");
        var proxied = await RawHttp.SendAsync(server.Server.MirrorEndpoint, "GET", "/health", prefix: ProxyV2.From("10.0.0.8"));
        Assert.Equal(200, proxied.Status);
    }

    [Fact]
    public async Task SecondHeaderAfterTheFirst_IsRequestBytes_NotAnAddress()
    {
        await using var server = await StartAsync();
        var smuggled = ProxyV2.From("10.9.9.9");

        // As a LAN client would try through the proxy: the proxy's header, then the client's own.
        var response = await RawHttp.SendAsync(server.Server.MirrorEndpoint, "GET", "/health", prefix: [.. ProxyV2.From("10.0.0.9"), .. smuggled]);

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task DesktopListener_NeverReadsAHeader()
    {
        await using var server = await StartAsync();

        var withHeader = await RawHttp.SendAsync(server.Server.DesktopEndpoint, "GET", "/health", prefix: ProxyV2.From("10.0.0.10"));
        using var plain = await server.Desktop.GetAsync("/health").DefaultTimeout("desktop without a header");

        Assert.Equal(400, withHeader.Status);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public void Crc32C_KnownVector()
    {
        Assert.Equal(0xE3069283u, ProxyHeaderParser.Crc32C("123456789"u8));
        Assert.Equal(0xE3069283u, ProxyV2.Crc32C("123456789"u8));
    }

    private static Task<TestAppServer> StartAsync(CapturingLoggerProvider? logs = null, LogLevel level = LogLevel.Warning, TimeSpan? headerTimeout = null)
        => TestAppServer.StartAsync(new TestAppServerOptions
        {
            MirrorProxyProtocol = true,
            MirrorProxyHeaderTimeout = headerTimeout,
            ConfigureBuilder = builder =>
            {
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                    builder.Logging.SetMinimumLevel(level);
                }
            },
            ConfigureApp = app => app.MapGet("/test/connection", static (HttpContext context) => Results.Json(new JsonObject
            {
                ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
                ["remotePort"] = context.Connection.RemotePort,
                ["localPort"] = context.Connection.LocalPort,
                ["mode"] = context.GetRequestMode().ToString(),
                ["scheme"] = context.Request.Scheme,
                ["isHttps"] = context.Request.IsHttps,
                ["authority"] = context.Features.Get<IProxyProtocolFeature>()?.Authority,
                ["alpn"] = context.Features.Get<IProxyProtocolFeature>()?.ApplicationProtocol,
            })).AllowAnonymous(),
        });

    private static async Task<JsonObject> ConnectionAsync(TestAppServer server, byte[] header)
    {
        var response = await RawHttp.SendAsync(server.Server.MirrorEndpoint, "GET", "/test/connection", prefix: header);
        Assert.True(response.Status == 200, $"answered {response.Status}: {response.Body}");
        return JsonNode.Parse(response.Body)!.AsObject();
    }
}
