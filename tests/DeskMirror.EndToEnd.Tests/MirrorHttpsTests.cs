using System.Text.Json;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using DeskMirror.Tls;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// The real desktop's mirror port over HTTPS in Chromium: a browser whose own NSS database (under a temporary $HOME)
/// trusts the desktop's local authority opens <c>https://&lt;host&gt;.local:PORT/</c>, the name a phone uses, mapped to
/// loopback. TLS is terminated by the mirror proxy; the UI's circuit, service worker and sign-in run through it.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class MirrorHttpsTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("deskmirror-mirror-https-").FullName;
    private readonly string _host = HostNames.Label() + ".local";
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        await NssTrust.CreateDatabaseAsync(_home, Path.Combine(fixture.Host.Root, "data", "tls", "ca.crt"));
        _playwright = await Playwright.CreateAsync();
        _browser = await NssTrust.LaunchAsync(_playwright, _home, _host);
    }

    [Fact]
    public async Task Chromium_TrustingTheAuthority_SignsInOverHttpsOnTheMirrorPort_AsASecureContext()
    {
        var site = new Uri($"https://{_host}:{fixture.Host.MirrorBase.Port}/");
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = BrowserFixture.PhoneSize, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();

        var signIn = await page.GotoAsync(site.ToString());
        await page.WaitForURLAsync("**/signin**");
        await page.FillAsync("#username", DeskMirrorHost.Username);
        await page.FillAsync("#password", DeskMirrorHost.Password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await BrowserFixture.WaitInteractiveAsync(page);
        var secure = await page.EvaluateAsync<bool>("() => window.isSecureContext");
        var worker = await page.EvaluateAsync<JsonElement>("async () => { const r = await navigator.serviceWorker.ready; return { scope: r.scope, state: r.active.state }; }")
            .DefaultTimeout("the service worker to be ready over https");
        var cookies = await context.CookiesAsync([site.ToString()]);

        Assert.Equal(200, signIn!.Status);
        Assert.StartsWith(site.ToString(), page.Url, StringComparison.Ordinal);
        Assert.True(secure);
        Assert.Equal(site.ToString(), worker.GetProperty("scope").GetString());
        Assert.Equal("activated", worker.GetProperty("state").GetString());
        Assert.Contains(cookies, c => c.Name == "deskmirror_mirror" && c.Secure && c.HttpOnly);
        await Expect(page.Locator(".shell[data-interactive=true]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Chromium_WithoutTheAuthority_RefusesTheMirrorsCertificate()
    {
        var untrusting = Directory.CreateDirectory(Path.Combine(_home, "untrusting")).FullName;
        await NssTrust.CreateDatabaseAsync(untrusting, authorityFile: null);
        await using var browser = await NssTrust.LaunchAsync(_playwright, untrusting, _host);
        var page = await browser.NewPageAsync();

        var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync($"https://{_host}:{fixture.Host.MirrorBase.Port}/"));

        Assert.Contains("ERR_CERT_AUTHORITY_INVALID", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
