using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>A lost connection says so ("Offline — reconnecting…") and says "Live" again once caught up.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ConnectionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Offline_TheBannerSaysSoAtOnce_AndLiveWhenBack()
    {
        var projectId = fixture.Projects["bravo"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "i=0; while true; do echo \"tick-$i\"; i=$((i+1)); sleep 1; done", "ticking", mirrorInput: false);
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        var page = phone.Page;
        var banner = page.Locator("[data-testid=connection]");
        await Expect(banner).ToBeHiddenAsync();
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("tick-1");

        await fixture.Phone.SetOfflineAsync(true);
        try
        {
            await Expect(banner).ToHaveAttributeAsync("data-state", "offline");
            await Expect(banner).ToBeVisibleAsync();
            await Expect(banner).ToContainTextAsync("Offline — reconnecting");
            await Expect(page.Locator("#connection-announcer")).ToHaveTextAsync("Offline — reconnecting…");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("data-connection", "offline");
            await fixture.ScreenshotAsync(page, "phone-offline");
        }
        finally
        {
            await fixture.Phone.SetOfflineAsync(false);
        }

        await Expect(banner).ToHaveAttributeAsync("data-state", "live");
        await Expect(banner).ToContainTextAsync("Live");
        await Expect(banner).ToBeHiddenAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-connection", "online");
    }

    [Fact]
    public async Task DeadConnection_TheDeviceStillOnline_ShowsTheBannerAfterTheHeartbeatDeadline()
    {
        // Between the page and the server: while "dead", nothing the server sends reaches the page (a
        // Wi-Fi gone quietly; the browser's own network state still says online).
        var dead = false;
        await using var mirror = await LivePage.NewAsync(fixture.Mirror);
        var page = mirror.Page;
        await page.RouteWebSocketAsync(url => url.Contains("/_blazor", StringComparison.Ordinal), route =>
        {
            var server = route.ConnectToServer();
            route.OnMessage(frame => Forward(server, frame));
            server.OnMessage(frame =>
            {
                if (!Volatile.Read(ref dead))
                {
                    Forward(route, frame);
                }
            });
        });
        await mirror.GotoAsync(new Uri(fixture.Host.MirrorBase, $"p/{fixture.Projects["alpha"]}"));
        var banner = page.Locator("[data-testid=connection]");
        await page.EvaluateAsync("() => window.__notReloaded = true");

        Volatile.Write(ref dead, true);
        await Expect(banner).ToHaveAttributeAsync("data-state", "offline");
        Volatile.Write(ref dead, false);
        await Expect(banner).ToHaveAttributeAsync("data-state", "live");
        await Expect(banner).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded instead of reconnecting");
    }

    private static void Forward(IWebSocketRoute to, IWebSocketFrame frame)
    {
        if (frame.Binary is { } binary)
        {
            to.Send(binary);
        }
        else
        {
            to.Send(frame.Text ?? string.Empty);
        }
    }
}
