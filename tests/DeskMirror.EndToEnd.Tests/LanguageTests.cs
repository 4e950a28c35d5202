using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// A live page keeps its own language. Renders caused by another tab, another device or the API (all in
/// English here) used to switch an Arabic page to English shortly after it went live.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class LanguageTests(BrowserFixture fixture)
{
    private const string OrderScript =
        "() => [...document.querySelectorAll('[data-testid=sidebar-project]')].map(e => e.dataset.projectId).join(',')";

    [Fact]
    public async Task ArabicPage_EventsFromAnEnglishTabAndTheApi_StayArabic()
    {
        var projectId = fixture.Projects["alpha"];
        var arabic = await fixture.NewSignedInContextAsync(Device.Desktop, "ar");
        await using var page = await LivePage.OpenAsync(arabic, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
        await using var english = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        await Expect(page.Page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Expect(page.Page.Locator(".sidebar-head h2")).ToHaveTextAsync("المشاريع");

        // The English tab reorders the sidebar: its write is published from the English circuit.
        var before = await page.Page.EvaluateAsync<string>(OrderScript);
        var first = before.Split(',')[0];
        await english.Page.Locator($"[data-testid=sidebar-project][data-project-id='{first}'] [data-testid=move-down]").ClickAsync();
        try
        {
            await page.Page.WaitForFunctionAsync($"expected => ({OrderScript})() !== expected", before);

            // An API client (no Accept-Language: English) starts a session in the project shown.
            var session = await fixture.Host.CreateSessionAsync(projectId, "sleep 120", "api-started", mirrorInput: false);
            var row = page.Page.Locator($"[data-testid=session-row][data-session-id='{session}']");
            await Expect(row).ToBeVisibleAsync();

            await Expect(page.Page.Locator(".sidebar-head h2")).ToHaveTextAsync("المشاريع");
            await Expect(row).ToContainTextAsync("قيد التشغيل");
            await Expect(row.Locator("[data-testid=stop-session]")).ToHaveTextAsync("إيقاف");
            await Expect(page.Page.Locator($"[data-testid=sidebar-project][data-project-id='{projectId}'] .count .sr-only")).Not.ToContainTextAsync("session");
            await Expect(page.Page.Locator("[data-testid=new-session-form] h2")).ToHaveTextAsync("جلسة جديدة");
            await fixture.ScreenshotAsync(page.Page, "desktop-arabic-after-events");
        }
        finally
        {
            await english.Page.Locator($"[data-testid=sidebar-project][data-project-id='{first}'] [data-testid=move-up]").ClickAsync();
        }
    }

    [Fact]
    public async Task Settings_SavingArabic_AppliesAtOnceWithAConfirmation_AndStaysArabic()
    {
        await using var other = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        await using var settings = await LivePage.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, "settings"));
        var page = settings.Page;
        await Expect(page.Locator("#settings-language-hint")).ToBeVisibleAsync();
        try
        {
            await page.SelectOptionAsync("[data-testid=settings-language]", "ar");
            await page.ClickAsync("[data-testid=settings-save]");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
            await BrowserFixture.WaitInteractiveAsync(page);
            await Expect(page.Locator("[data-testid=settings-saved]")).ToHaveTextAsync("تم الحفظ. هذه الصفحة الآن باللغة العربية.");

            // The tab that was open before (still English) changes something: this page stays Arabic.
            var before = await page.EvaluateAsync<string>(OrderScript);
            var first = before.Split(',')[0];
            await other.Page.Locator($"[data-testid=sidebar-project][data-project-id='{first}'] [data-testid=move-down]").ClickAsync();
            await page.WaitForFunctionAsync($"expected => ({OrderScript})() !== expected", before);
            await Expect(page.Locator(".sidebar-head h2")).ToHaveTextAsync("المشاريع");
            await Expect(page.Locator("h1")).ToHaveTextAsync("الإعدادات");
            await Expect(page.Locator("[data-testid=settings-saved]")).ToHaveTextAsync("تم الحفظ. هذه الصفحة الآن باللغة العربية.");
            await other.Page.Locator($"[data-testid=sidebar-project][data-project-id='{first}'] [data-testid=move-up]").ClickAsync();
            await page.WaitForFunctionAsync($"expected => ({OrderScript})() === expected", before);
            await Expect(page.Locator(".sidebar-head h2")).ToHaveTextAsync("المشاريع");
        }
        finally
        {
            await page.SelectOptionAsync("[data-testid=settings-language]", "");
            await page.ClickAsync("[data-testid=settings-save]");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
    }

    [Fact]
    public async Task EnglishPage_ReconnectedAfterTheLanguageChanged_AnswersClicksInEnglish()
    {
        await using var english = await LivePage.NewAsync(fixture.Desktop);
        // Keeps a handle on the page's WebSockets, so the test can cut the circuit's connection.
        await english.Page.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__sockets.push(this); }
              };
            })();
            """);
        await english.GotoAsync(new Uri(fixture.Host.DesktopBase, $"p/{fixture.Projects["alpha"]}"));
        await using var settings = await LivePage.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, "settings"));
        try
        {
            await settings.Page.SelectOptionAsync("[data-testid=settings-language]", "ar");
            await settings.Page.ClickAsync("[data-testid=settings-save]");
            await Expect(settings.Page.Locator("html")).ToHaveAttributeAsync("lang", "ar");

            // The English page's circuit comes back over a new connection, whose request now says Arabic.
            var banner = english.Page.Locator("[data-testid=connection]");
            await english.Page.EvaluateAsync("() => window.__sockets.filter(s => s.url.includes('/_blazor')).forEach(s => s.close(4000, 'cut'))");
            await Expect(banner).ToHaveAttributeAsync("data-state", "live");

            await english.Page.ClickAsync("[data-testid=status-button]");
            await Expect(english.Page.Locator("[data-testid=status-panel] dt").First).ToHaveTextAsync("This computer");
            await Expect(english.Page.Locator(".sidebar-head h2")).ToHaveTextAsync("Projects");
            await Expect(english.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        finally
        {
            await settings.Page.SelectOptionAsync("[data-testid=settings-language]", "");
            await settings.Page.ClickAsync("[data-testid=settings-save]");
            await Expect(settings.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
    }
}
