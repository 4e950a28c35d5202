using System.Net;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>The smaller things: real "not found" pages, sign-in, the phone's drawer and the status popover by keyboard.</summary>
[Collection(BrowserGroup.Name)]
public sealed class PageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task UnknownAddress_GivesA404Page_AndAnUnknownProjectSaysItDoesNotExist()
    {
        await using var desktop = await LivePage.NewAsync(fixture.Desktop);
        var page = desktop.Page;
        var response = await page.GotoAsync(new Uri(fixture.Host.DesktopBase, "no/such/page").ToString());
        Assert.Equal(404, response!.Status);
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=not-found] h1")).ToHaveTextAsync("There is no page at this address");
        await Expect(page.Locator("[data-testid=sidebar-project]").First).ToBeVisibleAsync();

        using (var api = await fixture.Host.GetAsync("no/such/thing", "application/json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        }

        await desktop.GotoAsync(new Uri(fixture.Host.DesktopBase, "p/unknown"));
        await Expect(page.Locator("[data-testid=project-missing] h1")).ToHaveTextAsync("This project does not exist (any more).");
        await Expect(page.Locator("[data-testid=project-missing]")).Not.ToContainTextAsync("No projects");
    }

    [Fact]
    public async Task SignIn_WrongPassword_KeepsTheUsername()
    {
        var context = await fixture.NewSignedOutContextAsync(Device.Phone);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(fixture.Host.MirrorBase.ToString());
            await page.WaitForURLAsync("**/signin**");
            await page.FillAsync("#username", DeskMirrorHost.Username);
            await page.FillAsync("#password", "not-the-password");
            await page.ClickAsync("[data-testid=signin-submit]");

            await Expect(page.Locator("[data-testid=signin-error]")).ToBeVisibleAsync();
            await Expect(page.Locator("#username")).ToHaveValueAsync(DeskMirrorHost.Username);
            await Expect(page.Locator("#password")).ToBeFocusedAsync();
            await AxeAudit.AssertCleanAsync(page, "phone en: sign-in after a wrong password");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Phone_ClosedDrawer_TakesNoFocus_EscapeClosesItBackToTheButton()
    {
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"p/{fixture.Projects["alpha"]}"));
        var page = phone.Page;
        var toggle = page.Locator("[data-testid=drawer-toggle]");
        var box = await toggle.BoundingBoxAsync() ?? throw new InvalidOperationException("no drawer button");
        Assert.True(box.Width >= 44 && box.Height >= 44, $"the drawer button is {box.Width}×{box.Height} px");

        await toggle.FocusAsync();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.False(await phone.FocusIsInAsync("#sidebar"), $"Tab #{i + 1} reached a link in the closed drawer");
        }

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var link = page.Locator("#sidebar .project-name").First;
        await Expect(link).ToBeVisibleAsync();
        var row = await link.BoundingBoxAsync() ?? throw new InvalidOperationException("no project row");
        Assert.True(row.Height >= 44, $"a sidebar row is {row.Height} px high");
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(toggle).ToBeFocusedAsync();
    }

    [Fact]
    public async Task StatusPopover_TakesFocus_EscapeReturnsIt_LeavingClosesIt()
    {
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var page = desktop.Page;
        var button = page.Locator("[data-testid=status-button]");
        var popover = page.Locator("[data-testid=status-popover]");

        await button.ClickAsync();
        await Expect(popover).ToBeVisibleAsync();
        await Expect(popover).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(popover).ToHaveCountAsync(0);
        await Expect(button).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(popover).ToBeFocusedAsync();
        await page.Locator("[data-testid=settings-link]").FocusAsync();
        await Expect(popover).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=settings-link]")).ToBeFocusedAsync();
    }
}
