using System.Net;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Auth;

public sealed class SignInTests
{
    [Fact]
    public async Task SignInPage_Anonymous_ServesFormForPasswordManagers()
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var response = await browser.SendAsync(BrowserRequests.Navigate("/signin?returnUrl=%2Fproject")).DefaultTimeout("GET /signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("action=\"/auth/sign-in\"", html, StringComparison.Ordinal);
        Assert.Contains("autocomplete=\"current-password\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"/project\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_ReturnUrlWithMarkup_Encoded()
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var response = await browser.SendAsync(BrowserRequests.Navigate("/signin?returnUrl=" + Uri.EscapeDataString("/\"><script>alert(1)</script>"))).DefaultTimeout("GET /signin");

        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_DisabledByOption_NotMapped()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { MapDefaultSignInPage = false });
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var response = await browser.SendAsync(BrowserRequests.Navigate("/signin")).DefaultTimeout("GET /signin");

        // Nothing serves /signin now, so the request is simply unauthenticated.
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(RequestMode.Desktop, AuthSchemes.DesktopCookieName)]
    [InlineData(RequestMode.Mirror, AuthSchemes.MirrorCookieName)]
    public async Task SignIn_RightPassword_StrictHttpOnlyCookieThatAuthenticates(RequestMode mode, string cookieName)
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(mode);
        var origin = server.BaseAddress(mode);

        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(origin, server.Credentials.Username, server.Credentials.Password, "/project")).DefaultTimeout("sign in");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/project", signIn.Headers.Location?.OriginalString);
        var setCookie = BrowserRequests.SetCookie(signIn, cookieName);
        Assert.NotNull(setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);

        using var projects = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("GET /project with cookie");
        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_BackToFormWithErrorAndNoCookie()
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Mirror), server.Credentials.Username, "wrong", "/project")).DefaultTimeout("sign in");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/signin?error=invalid&returnUrl=%2Fproject", signIn.Headers.Location?.OriginalString);
        Assert.Null(BrowserRequests.SetCookie(signIn, AuthSchemes.MirrorCookieName));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task SignIn_ForeignReturnUrl_RedirectsHome(string returnUrl)
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Mirror), server.Credentials.Username, server.Credentials.Password, returnUrl)).DefaultTimeout("sign in");

        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignIn_FromAnotherSite_Forbidden()
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);

        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(new Uri("http://evil.example"), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("sign in");

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
    }

    [Fact]
    public async Task Cookie_IssuedOnDesktop_NotAcceptedByMirror()
    {
        await using var server = await TestAppServer.StartAsync();
        var cookies = new CookieContainer();
        var desktop = server.CreateBrowserClient(RequestMode.Desktop, cookies);
        var mirror = server.CreateBrowserClient(RequestMode.Mirror, cookies);
        using var signIn = await desktop.SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Desktop), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("sign in");
        var desktopCookie = BrowserRequests.CookiePair(cookies, server.BaseAddress(RequestMode.Desktop), AuthSchemes.DesktopCookieName)!;

        // The jar sends the desktop cookie to the mirror's port too (cookies ignore ports); it must not count there,
        // not even under the mirror's cookie name.
        using var plain = await mirror.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("mirror with desktop cookie");
        var forged = server.CreateClient(RequestMode.Mirror, authenticated: false);
        using var request = BrowserRequests.Fetch(HttpMethod.Get, "/project");
        request.Headers.Add("Cookie", AuthSchemes.MirrorCookieName + desktopCookie[desktopCookie.IndexOf('=', StringComparison.Ordinal)..]);
        using var renamed = await forged.SendAsync(request).DefaultTimeout("mirror with renamed cookie");

        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, renamed.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer()
    {
        await using var server = await TestAppServer.StartAsync();
        var cookies = new CookieContainer();
        var browser = server.CreateBrowserClient(RequestMode.Mirror, cookies);
        var origin = server.BaseAddress(RequestMode.Mirror);
        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(origin, server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("sign in");
        var copied = BrowserRequests.CookiePair(cookies, origin, AuthSchemes.MirrorCookieName)!;

        using var signOut = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Post, "/auth/sign-out", origin)).DefaultTimeout("sign out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        // Even a copy of the old cookie no longer works.
        var replay = server.CreateClient(RequestMode.Mirror, authenticated: false);
        using var request = BrowserRequests.Fetch(HttpMethod.Get, "/project");
        request.Headers.Add("Cookie", copied);
        using var after = await replay.SendAsync(request).DefaultTimeout("replayed cookie");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Cookie_PastItsLifetime_Expired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { Time = time });
        var browser = server.CreateBrowserClient(RequestMode.Mirror);
        var origin = server.BaseAddress(RequestMode.Mirror);
        using var signIn = await browser.SendAsync(BrowserRequests.SignIn(origin, server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("sign in");

        time.Advance(TimeSpan.FromDays(29));
        using var before = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("day 29");
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        using var after = await browser.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("day 30");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task UpdateCredentials_EndsEverySessionAndSwitchesBasic()
    {
        await using var server = await TestAppServer.StartAsync();
        var desktop = server.CreateBrowserClient(RequestMode.Desktop);
        var mirror = server.CreateBrowserClient(RequestMode.Mirror);
        using (await desktop.SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Desktop), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("desktop sign in"))
        using (await mirror.SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Mirror), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("mirror sign in"))
        {
        }

        var fresh = new ServerCredentials("tester", "a brand new password");
        server.Server.UpdateCredentials(fresh);

        using var desktopAfter = await desktop.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("desktop after");
        using var mirrorAfter = await mirror.SendAsync(BrowserRequests.Fetch(HttpMethod.Get, "/project")).DefaultTimeout("mirror after");
        using var oldBasic = await server.Desktop.GetAsync("/project").DefaultTimeout("old basic");
        using var newBasic = await server.CreateClient(RequestMode.Desktop, credentials: fresh).GetAsync("/project").DefaultTimeout("new basic");
        Assert.Equal(HttpStatusCode.Unauthorized, desktopAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, mirrorAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldBasic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newBasic.StatusCode);
    }

    [Fact]
    public async Task UpdateCredentials_SignInRightAfter_KeptAndSurvivesRestart()
    {
        var fresh = new ServerCredentials("tester", "the new one");
        var directory = TestAppServer.CreateTempDirectory();
        var cookies = new CookieContainer();
        string copied;
        await using (var server = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            server.Server.UpdateCredentials(fresh);
            var origin = server.BaseAddress(RequestMode.Desktop);
            var browser = server.CreateBrowserClient(RequestMode.Desktop, cookies);
            using var signIn = await browser.SendAsync(BrowserRequests.SignIn(origin, fresh.Username, fresh.Password)).DefaultTimeout("sign in");
            copied = BrowserRequests.CookiePair(cookies, origin, AuthSchemes.DesktopCookieName)!;
            Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(server, copied));
        }

        await using (var restarted = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory, Credentials = fresh }))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(restarted, copied));
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Cookie_SurvivesRestart_ButNotAPasswordChangedWhileStopped()
    {
        var directory = TestAppServer.CreateTempDirectory();
        var cookies = new CookieContainer();
        string copied;
        await using (var first = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            var origin = first.BaseAddress(RequestMode.Desktop);
            using var signIn = await first.CreateBrowserClient(RequestMode.Desktop, cookies)
                .SendAsync(BrowserRequests.SignIn(origin, first.Credentials.Username, first.Credentials.Password)).DefaultTimeout("sign in");
            copied = BrowserRequests.CookiePair(cookies, origin, AuthSchemes.DesktopCookieName)!;
        }

        await using (var same = await TestAppServer.StartAsync(new TestAppServerOptions { DataDirectory = directory }))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithCookieAsync(same, copied));
        }

        await using var changed = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            DataDirectory = directory,
            Credentials = new ServerCredentials("tester", "changed while stopped"),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithCookieAsync(changed, copied));
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<HttpStatusCode> StatusWithCookieAsync(TestAppServer server, string cookie)
    {
        var client = server.CreateClient(RequestMode.Desktop, authenticated: false);
        using var request = BrowserRequests.Fetch(HttpMethod.Get, "/project");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request).DefaultTimeout("GET /project with cookie");
        return response.StatusCode;
    }
}
