using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// A UI circuit takes its mode from the listener of its own connection. A page the desktop listener rendered
/// (its protected markers say "desktop"), replayed to a browser on the mirror, must not become a desktop UI.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class CircuitModeTests(BrowserFixture fixture)
{
    [Fact]
    public async Task DesktopPage_ReplayedToAMirrorBrowser_CircuitRefusedAndNoTerminalOpens()
    {
        var projectId = fixture.Projects["charlie"];
        var desktopUrl = new Uri(fixture.Host.DesktopBase, $"p/{projectId}").ToString();
        var mirrorUrl = new Uri(fixture.Host.MirrorBase, $"p/{projectId}").ToString();

        // The page as the desktop listener renders it for the signed-in desktop browser (a leaked copy).
        var rendered = await fixture.Desktop.APIRequest.GetAsync(desktopUrl);
        Assert.Equal(200, rendered.Status);
        var html = await rendered.TextAsync();
        Assert.Contains("<!--Blazor:", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"open-terminal\"", html, StringComparison.Ordinal);

        // Control: replayed on the desktop listener, the same page does come up (the replay itself works).
        var control = await ReplayAsync(fixture.Desktop, desktopUrl, html);
        await BrowserFixture.WaitInteractiveAsync(control.Page);
        await control.Page.CloseAsync();

        // A signed-in mirror browser gets that page at the mirror's address; its circuit connects to the mirror.
        var terminalsBefore = await TerminalCountAsync(projectId);
        var mirror = await ReplayAsync(fixture.Mirror, mirrorUrl, html);

        var error = await mirror.CircuitError.WaitAsync(BrowserFixture.Timeout);
        Assert.Contains("circuit", error, StringComparison.OrdinalIgnoreCase);
        await fixture.Host.WaitForOutputAsync(
            line => line.Contains("Refused a UI circuit on the mirror listener: its page was rendered by the desktop listener", StringComparison.Ordinal),
            "the refusal of the replayed circuit");
        await Expect(mirror.Page.Locator(".shell[data-interactive=true]")).ToHaveCountAsync(0);

        // The desktop's "open terminal" button is in the replayed HTML, but nothing is behind it.
        await mirror.Page.Locator("[data-testid=open-terminal]").DispatchEventAsync("click");
        await fixture.ScreenshotAsync(mirror.Page, "mirror-replayed-desktop-page-refused");
        Assert.Equal(terminalsBefore, await TerminalCountAsync(projectId));
        await mirror.Page.CloseAsync();
    }

    /// <summary>Opens <paramref name="url"/> in <paramref name="context"/> with <paramref name="html"/> as the document; reports Blazor's circuit error.</summary>
    private static async Task<(IPage Page, Task<string> CircuitError)> ReplayAsync(IBrowserContext context, string url, string html)
    {
        var page = await context.NewPageAsync();
        var circuitError = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("circuit", StringComparison.OrdinalIgnoreCase))
            {
                circuitError.TrySetResult(message.Text);
            }
        };
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await page.GotoAsync(url);
        return (page, circuitError.Task);
    }

    private async Task<int> TerminalCountAsync(string projectId)
        => (await fixture.Host.ListSessionsAsync())
            .Count(s => s!["projectId"]!.GetValue<string>() == projectId && s["kind"]!.GetValue<string>() == "terminal");
}
