using System.Net;
using System.Net.NetworkInformation;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Tests.Hosting;

/// <summary>The mirror answers to this computer's names and addresses and to allowedHosts; a rebinding name gets 421.</summary>
public sealed class MirrorHostTests
{
    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:4096")]
    [InlineData("203.0.113.7")]
    [InlineData("localhost.attacker.example")]
    [InlineData("0.0.0.0")]
    public async Task Mirror_ForeignHost_421SayingHowToAllowIt(string host)
    {
        await using var server = await TestAppServer.StartAsync();

        using var response = await GetAsync(server, RequestMode.Mirror, host);

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MisdirectedRequest);
        Assert.Equal("mirror-host-not-allowed", body["rule"]!.GetValue<string>());
        var detail = body["detail"]!.GetValue<string>();
        Assert.Contains("allowedHosts", detail, StringComparison.Ordinal);
        Assert.Contains(host.Split(':')[0], detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_OwnNamesAndAddresses_Accepted()
    {
        await using var server = await TestAppServer.StartAsync();
        var port = server.Server.MirrorEndpoint.Port;
        var hostName = Dns.GetHostName();
        var label = hostName.Split('.')[0];
        var hosts = new List<string>
        {
            $"127.0.0.1:{port}", $"localhost:{port}", "[::1]", "127.0.0.2",
            hostName, hostName.ToUpperInvariant() + ":4096", $"{label}.local", $"{label}.local.:4096",
        };
        hosts.AddRange(NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"[{new IPAddress(a.Address.GetAddressBytes())}]:4096"
                : $"{a.Address}:4096"));

        foreach (var host in hosts)
        {
            using var response = await GetAsync(server, RequestMode.Mirror, host);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {host}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Mirror_AllowedHosts_AcceptedAndNothingMore()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            AllowedHosts = ["desk.tailnet-1234.ts.net", "*.tunnel.example.org", "198.51.100.9"],
        });

        foreach (var allowed in new[] { "desk.tailnet-1234.ts.net", "DESK.tailnet-1234.ts.net:443", "phone.tunnel.example.org", "198.51.100.9:8443" })
        {
            using var response = await GetAsync(server, RequestMode.Mirror, allowed);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {allowed}: {(int)response.StatusCode}");
        }

        foreach (var refused in new[] { "other.tailnet-1234.ts.net", "tunnel.example.org", "eviltunnel.example.org", "198.51.100.10" })
        {
            using var response = await GetAsync(server, RequestMode.Mirror, refused);
            Assert.True(response.StatusCode == HttpStatusCode.MisdirectedRequest, $"Host {refused}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Desktop_AllowedHostsDoNotApply_StillLoopbackOnly()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { AllowedHosts = ["desk.tailnet-1234.ts.net"] });

        using var response = await GetAsync(server, RequestMode.Desktop, "desk.tailnet-1234.ts.net");

        await ProblemAssert.ForbiddenByRuleAsync(response, "desktop-host-not-loopback");
    }

    [Theory]
    [InlineData("https://desk.example")]
    [InlineData("desk.example:443")]
    [InlineData("desk.example/path")]
    [InlineData("")]
    [InlineData("de*sk.example")]
    public async Task AllowedHosts_InvalidEntry_ServerRefusesToStartNamingIt(string entry)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestAppServer.StartAsync(new TestAppServerOptions { AllowedHosts = [entry] }));

        Assert.Equal(nameof(AppServerOptions), error.OptionsName);
        Assert.Contains(error.Failures, f => f.StartsWith("AppServerOptions.AllowedHosts: ", StringComparison.Ordinal));
        Assert.Null(AllowedHost.Validate("desk.example"));
        Assert.NotNull(AllowedHost.Validate(entry));
    }

    private static async Task<HttpResponseMessage> GetAsync(TestAppServer server, RequestMode mode, string host)
    {
        var client = server.CreateClient(mode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/project");
        request.Headers.Host = host;
        return await client.SendAsync(request).DefaultTimeout($"GET /project with Host {host}");
    }
}
