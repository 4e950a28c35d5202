using System.Net;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Auth;

public sealed class SignInLinkTests
{
    [Fact]
    public async Task PairingLink_OpenedOnMirror_SignsInOnce()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = server.Server.CreatePairingPath();
        var phone = server.CreateBrowserClient(RequestMode.Mirror);
        var other = server.CreateBrowserClient(RequestMode.Mirror);

        using var first = await phone.SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("first use");
        using var projects = await phone.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("GET /project");
        using var second = await other.SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("second use");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.NotNull(BrowserRequests.SetCookie(first, AuthSchemes.MirrorCookieName));
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.StartsWith("/signin?error=link", second.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(BrowserRequests.SetCookie(second, AuthSchemes.MirrorCookieName));
    }

    [Fact]
    public async Task PairingLink_AfterFiveMinutes_Expired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { Time = time });
        var fresh = server.Server.CreatePairingPath();
        var stale = server.Server.CreatePairingPath();
        time.Advance(TimeSpan.FromMinutes(4));
        using var withinLifetime = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate(fresh)).DefaultTimeout("4 min");
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        using var expired = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate(stale)).DefaultTimeout("5 min");

        Assert.Equal("/", withinLifetime.Headers.Location?.OriginalString);
        Assert.StartsWith("/signin?error=link", expired.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingLink_OnDesktopListener_NotRedeemed()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = server.Server.CreatePairingPath();

        using var response = await server.CreateBrowserClient(RequestMode.Desktop).SendAsync(BrowserRequests.Fetch(HttpMethod.Get, path)).DefaultTimeout("pair on desktop");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(BrowserRequests.SetCookie(response, AuthSchemes.DesktopCookieName));
    }

    [Fact]
    public async Task PairingLinkEndpoint_Desktop_MintsUsableLink()
    {
        await using var server = await TestAppServer.StartAsync();
        using var minted = await server.Desktop.PostAsync("/auth/pairing-link", null).DefaultTimeout("mint");
        var path = System.Text.Json.Nodes.JsonNode.Parse(await minted.Content.ReadAsStringAsync())!["path"]!.GetValue<string>();

        using var used = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("use");

        Assert.StartsWith("/auth/pair?token=", path, StringComparison.Ordinal);
        Assert.NotNull(BrowserRequests.SetCookie(used, AuthSchemes.MirrorCookieName));
    }

    [Fact]
    public async Task LaunchToken_OnDesktop_SignsInOnceAndDropsTokenFromAddress()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = server.Server.CreateLaunchPath();
        var browser = server.CreateBrowserClient(RequestMode.Desktop);

        using var first = await browser.SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("launch");
        using var projects = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("GET /project");
        using var again = await server.CreateBrowserClient(RequestMode.Desktop).SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("reuse");

        Assert.StartsWith("/?token=", path, StringComparison.Ordinal);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.NotNull(BrowserRequests.SetCookie(first, AuthSchemes.DesktopCookieName));
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.StartsWith("/signin?error=link", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchToken_OnMirror_NotRedeemed()
    {
        await using var server = await TestAppServer.StartAsync();
        var path = server.Server.CreateLaunchPath();

        using var response = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("launch on mirror");

        Assert.Null(BrowserRequests.SetCookie(response, AuthSchemes.MirrorCookieName));
        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairingLink_KindsAreNotInterchangeable()
    {
        await using var server = await TestAppServer.StartAsync();
        var launch = server.Server.CreateLaunchPath();
        var token = launch[(launch.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using var response = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate("/auth/pair?token=" + token)).DefaultTimeout("launch token as pairing");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?error=link", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(BrowserRequests.SetCookie(response, AuthSchemes.MirrorCookieName));
    }
}
