using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>The trust page as a phone sees it over the mirror's plain HTTP, and the way to it from the sign-in page.</summary>
[Collection(BrowserGroup.Name)]
public sealed class TrustPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TrustPage_OnAPhone_ShowsTheFingerprintTheDownloadAndEveryPlatform()
    {
        await using var scope = new PageScope();
        var page = await scope.NewAsync(fixture.Phone);
        await page.GotoAsync(new Uri(fixture.Host.MirrorBase, "trust").ToString());

        var fingerprint = await page.TextContentAsync("[data-testid=trust-fingerprint]");
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);
        Assert.Equal("/ca.crt", await page.GetAttributeAsync("[data-testid=trust-download]", "href"));
        foreach (var platform in new[] { "Android", "iPhone and iPad", "macOS", "Windows" })
        {
            await Assertions.Expect(page.Locator("h2", new() { HasText = platform })).ToBeVisibleAsync();
        }

        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px screen");
        await fixture.ScreenshotAsync(page, "phone-trust-page");
    }

    [Fact]
    public async Task SignInPage_LinksToTheTrustPage()
    {
        await using var scope = new PageScope();
        var page = await scope.NewAsync(fixture.Phone);
        await page.GotoAsync(new Uri(fixture.Host.MirrorBase, "signin").ToString());

        await page.ClickAsync("[data-testid=signin-trust-link]");

        await page.WaitForURLAsync("**/trust");
        await Assertions.Expect(page.Locator("[data-testid=trust-page]")).ToBeVisibleAsync();
    }
}
