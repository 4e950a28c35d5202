using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Auth;

/// <summary>The Origin check for cookie-authenticated state changes and the Host check of the desktop listener.</summary>
public sealed class RequestGuardTests : IAsyncLifetime
{
    private TestAppServer _server = null!;

    public async Task InitializeAsync() => _server = await TestAppServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CookieStateChange_WithoutOrWithForeignOrigin_Forbidden_SameOrigin_Allowed()
    {
        var browser = _server.CreateBrowserClient(RequestMode.Desktop);
        var origin = _server.BaseAddress(RequestMode.Desktop);
        using (await browser.SendAsync(BrowserRequests.SignIn(origin, _server.Credentials.Username, _server.Credentials.Password)).DefaultTimeout("sign in"))
        {
        }

        const string body = """{"projects": [], "activeProjectId": null}""";
        using var none = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Put, "/mirror/sidebar", null, Json.Body(body))).DefaultTimeout("no origin");
        using var foreign = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Put, "/mirror/sidebar", new Uri("http://evil.example"), Json.Body(body))).DefaultTimeout("foreign origin");
        using var otherPort = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Put, "/mirror/sidebar", _server.BaseAddress(RequestMode.Mirror), Json.Body(body))).DefaultTimeout("other port");
        using var same = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Put, "/mirror/sidebar", origin, Json.Body(body))).DefaultTimeout("same origin");
        using var refererRequest = BrowserRequests.Fetch(HttpMethod.Put, "/mirror/sidebar", null, Json.Body(body));
        refererRequest.Headers.Referrer = new Uri(origin, "/some/page");
        using var referer = await browser.SendAsync(refererRequest).DefaultTimeout("same referer");

        await ProblemAssert.ForbiddenByRuleAsync(none, "cross-site-request");
        await ProblemAssert.ForbiddenByRuleAsync(foreign, "cross-site-request");
        await ProblemAssert.ForbiddenByRuleAsync(otherPort, "cross-site-request");
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, referer.StatusCode);

        using var sidebar = await _server.Desktop.GetAsync("/mirror/sidebar").DefaultTimeout("GET sidebar");
        Assert.Contains("\"version\":2", await sidebar.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieRead_WithoutOrigin_Allowed()
    {
        var browser = _server.CreateBrowserClient(RequestMode.Mirror);
        using (await browser.SendAsync(BrowserRequests.SignIn(_server.BaseAddress(RequestMode.Mirror), _server.Credentials.Username, _server.Credentials.Password)).DefaultTimeout("sign in"))
        {
        }

        using var response = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("GET");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("[::1]", true)]
    [InlineData("evil.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("192.168.1.10", false)]
    public async Task DesktopHostHeader_OnlyLoopbackNamesWithItsPort(string host, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/project");
        request.Headers.Host = $"{host}:{_server.Server.DesktopEndpoint.Port}";

        using var response = await _server.Desktop.SendAsync(request).DefaultTimeout("GET with Host");

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await ProblemAssert.ForbiddenByRuleAsync(response, "desktop-host-not-loopback");
        }
    }

    [Fact]
    public async Task DesktopHostHeader_WrongPortOrNoPort_Forbidden()
    {
        using var wrongPort = new HttpRequestMessage(HttpMethod.Get, "/health");
        wrongPort.Headers.Host = $"127.0.0.1:{_server.Server.MirrorEndpoint.Port}";
        using var noPort = new HttpRequestMessage(HttpMethod.Get, "/health");
        noPort.Headers.Host = "localhost";

        using var wrong = await _server.Desktop.SendAsync(wrongPort).DefaultTimeout("wrong port");
        using var none = await _server.Desktop.SendAsync(noPort).DefaultTimeout("no port");

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
    }

    [Fact]
    public async Task MirrorHostHeader_ThisComputersLanName_Allowed()
    {
        // The mirror answers to this computer's own names (MirrorHostTests covers addresses, allowedHosts and refusals).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/project");
        request.Headers.Host = System.Net.Dns.GetHostName().Split('.')[0] + ".local:4096";

        using var response = await _server.Mirror.SendAsync(request).DefaultTimeout("mirror with LAN host");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
