using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// axe-core's WCAG 2.1 A and AA rules over every page state, on the desktop and on a 390 × 844 phone, in
/// English and in Arabic (right to left), with dialogs, confirmations and the popover open. One test per
/// device and language; each lists every violation it found before it fails. A new page state belongs
/// here: open it, then <c>await axe.CheckAsync(page, "what it is")</c>.
/// </summary>
public sealed class AccessibilityTests(AccessibilityFixture fixture) : IClassFixture<AccessibilityFixture>
{
    [Fact]
    public void EmptyWorkspace_EveryDeviceAndLanguage_HasNoViolations()
    {
        Assert.Equal(6, fixture.EmptyWorkspace.States.Count);
        fixture.EmptyWorkspace.AssertClean();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task Desktop_EveryPageState_HasNoViolations(string locale)
    {
        var axe = new AxeAudit();
        var state = $"desktop {locale}";
        var context = fixture.Browsers[(Device.Desktop, locale)];
        var root = fixture.BaseFor(Device.Desktop);
        await using var desktop = await LivePage.OpenAsync(context, new Uri(root, $"p/{fixture.ProjectId}"));
        var page = desktop.Page;
        await Expect(page.Locator("[data-testid=session-row]")).ToHaveCountAsync(3);
        await axe.CheckAsync(page, $"{state}: project page with sessions");

        await page.Locator($"[data-session-id='{fixture.ReadOnlySessionId}'] [data-testid=stop-session]").ClickAsync();
        await Expect(page.Locator("[data-testid=stop-session-question]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: stop confirmation");
        await Expect(page.Locator("[data-testid=stop-session-cancel]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");

        await page.ClickAsync("[data-testid=add-project]");
        await Expect(page.Locator("[data-testid=add-project-dialog] [data-testid=folder-list]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: add-project dialog");
        await page.Keyboard.PressAsync("Escape");

        await page.ClickAsync("[data-testid=status-button]");
        await Expect(page.Locator("[data-testid=pairing-qr]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: status popover");
        await page.Keyboard.PressAsync("Escape");

        await desktop.GotoAsync(new Uri(root, $"p/{fixture.FolderGoneProjectId}"));
        await Expect(page.Locator("[data-testid=folder-missing]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: project whose folder is gone");

        await desktop.GotoAsync(new Uri(root, $"s/{fixture.ReadOnlySessionId}"));
        await Expect(page.Locator("[data-testid=terminal]")).ToHaveAttributeAsync("data-stream", "live");
        await page.Locator("[data-testid=terminal] textarea").FocusAsync();
        await axe.CheckAsync(page, $"{state}: session page, terminal focused");

        await desktop.GotoAsync(new Uri(root, "settings"));
        await axe.CheckAsync(page, $"{state}: settings");

        await desktop.GotoAsync(new Uri(root, "p/unknown"));
        await Expect(page.Locator("[data-testid=project-missing]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: unknown project");

        await desktop.GotoAsync(new Uri(root, "no/such/page"));
        await Expect(page.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: page not found");

        axe.AssertClean();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task Phone_EveryPageState_HasNoViolations(string locale)
    {
        var axe = new AxeAudit();
        var state = $"phone {locale}";
        var context = fixture.Browsers[(Device.Phone, locale)];
        var root = fixture.BaseFor(Device.Phone);
        await using var phone = await LivePage.OpenAsync(context, new Uri(root, $"p/{fixture.ProjectId}"));
        var page = phone.Page;
        await Expect(page.Locator("[data-testid=session-row]")).ToHaveCountAsync(3);
        await axe.CheckAsync(page, $"{state}: project page");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-project");

        await page.ClickAsync("[data-testid=drawer-toggle]");
        await Expect(page.Locator("#sidebar .project-name").First).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: drawer open");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-drawer");
        await page.ClickAsync("[data-testid=drawer-toggle]");

        await page.Locator($"[data-session-id='{fixture.ReadOnlySessionId}'] [data-testid=stop-session]").TapAsync();
        await Expect(page.Locator("[data-testid=stop-session-question]")).ToBeVisibleAsync();
        await axe.CheckAsync(page, $"{state}: stop confirmation");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-stop-confirm");
        await page.Locator("[data-testid=stop-session-cancel]").TapAsync();

        await phone.GotoAsync(new Uri(root, $"s/{fixture.TypableSessionId}"));
        await Expect(page.Locator("[data-testid=phone-keys]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=key-ctrl]").TapAsync();
        await Expect(page.Locator("[data-testid=key-ctrl]")).ToHaveAttributeAsync("aria-pressed", "true");
        await axe.CheckAsync(page, $"{state}: session page with the line box and keys (Ctrl held)");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-typing");
        await page.Locator("[data-testid=key-ctrl]").TapAsync();

        await page.Locator("[data-testid=view-text]").TapAsync();
        await page.Locator("[data-testid=text-search]").FillAsync("no such text here");
        await Expect(page.Locator("[data-testid=text-status]")).Not.ToBeEmptyAsync();
        await axe.CheckAsync(page, $"{state}: session as text, searched");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-text");
        await page.Locator("[data-testid=view-fit]").TapAsync();
        await axe.CheckAsync(page, $"{state}: session fitted");
        await page.Locator("[data-testid=view-read]").TapAsync();

        await phone.GotoAsync(new Uri(root, $"s/{fixture.ReadOnlySessionId}"));
        await Expect(page.Locator("[data-testid=read-only-note]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("line 199");
        await axe.CheckAsync(page, $"{state}: read-only session");
        await fixture.ScreenshotAsync(page, $"phone-{locale}-read-only");

        await context.SetOfflineAsync(true);
        try
        {
            await Expect(page.Locator("[data-testid=connection]")).ToBeVisibleAsync();
            await axe.CheckAsync(page, $"{state}: offline banner");
            await fixture.ScreenshotAsync(page, $"phone-{locale}-offline");
        }
        finally
        {
            await context.SetOfflineAsync(false);
        }

        await Expect(page.Locator("[data-testid=connection]")).ToBeHiddenAsync();
        await SignInPageAsync(axe, locale);
        axe.AssertClean();
    }

    [Fact]
    public async Task CheckAsync_PageWithAnUnnamedButtonAndImage_FailsNamingRulesStateAndElement()
    {
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        await desktop.Page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<button id=\"planted\"></button><img id=\"planted-image\" src=\"data:,\">')");
        var axe = new AxeAudit();

        await axe.CheckAsync(desktop.Page, "planted violations");

        var failure = Assert.Throws<Xunit.Sdk.TrueException>(axe.AssertClean);
        Assert.Contains("[planted violations] button-name", failure.Message, StringComparison.Ordinal);
        Assert.Contains("[planted violations] image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#planted", failure.Message, StringComparison.Ordinal);
    }

    private async Task SignInPageAsync(AxeAudit axe, string locale)
    {
        var context = await fixture.NewSignedOutContextAsync(Device.Phone, locale);
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync(fixture.Host.MirrorBase.ToString());
            await page.WaitForURLAsync("**/signin**");
            await axe.CheckAsync(page, $"phone {locale}: sign-in");
            await page.FillAsync("#username", "someone");
            await page.FillAsync("#password", "wrong");
            await page.ClickAsync("[data-testid=signin-submit]");
            await Expect(page.Locator("[data-testid=signin-error]")).ToBeVisibleAsync();
            await axe.CheckAsync(page, $"phone {locale}: sign-in after a wrong password");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
