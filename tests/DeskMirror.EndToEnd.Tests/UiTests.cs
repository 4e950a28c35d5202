using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>The issue's browser checks, against the real host, proxy and sign-in, in Debian's Chromium.</summary>
[Collection(BrowserGroup.Name)]
public sealed class UiTests(BrowserFixture fixture)
{
    private const string OrderScript =
        "() => [...document.querySelectorAll('[data-testid=sidebar-project]')].map(e => e.dataset.projectName).join(',')";

    private const string WaitOrderScript =
        "expected => [...document.querySelectorAll('[data-testid=sidebar-project]')].map(e => e.dataset.projectName).join(',') === expected";

    private static readonly PageWaitForFunctionOptions Wait = new() { Timeout = (float)BrowserFixture.Timeout.TotalMilliseconds, PollingInterval = 100 };

    [Fact]
    public async Task Sidebar_DesktopShowsProjects_MirrorShowsTheSameOrder()
    {
        await using var pages = new PageScope();
        var desktop = await pages.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var mirror = await pages.OpenAsync(fixture.Mirror, fixture.Host.MirrorBase);

        var desktopOrder = await desktop.EvaluateAsync<string>(OrderScript);
        foreach (var name in fixture.Projects.Keys)
        {
            Assert.Contains(name, desktopOrder.Split(','));
        }

        await mirror.WaitForFunctionAsync(WaitOrderScript, desktopOrder, Wait);
        await fixture.ScreenshotAsync(mirror, "mirror-desktop-size");
    }

    [Fact]
    public async Task Sidebar_ReorderOnDesktop_ReachesTheOpenMirrorWithoutReload()
    {
        await using var pages = new PageScope();
        var desktop = await pages.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var mirror = await pages.OpenAsync(fixture.Mirror, fixture.Host.MirrorBase);
        var before = (await desktop.EvaluateAsync<string>(OrderScript)).Split(',');
        await mirror.WaitForFunctionAsync(WaitOrderScript, string.Join(',', before), Wait);
        await mirror.EvaluateAsync("() => window.__notReloaded = true");

        // By button: the first project one place down.
        await desktop.Locator($"[data-testid=sidebar-project][data-project-name={before[0]}] [data-testid=move-down]").ClickAsync();
        string[] byButton = [before[1], before[0], .. before[2..]];
        await desktop.WaitForFunctionAsync(WaitOrderScript, string.Join(',', byButton), Wait);
        await mirror.WaitForFunctionAsync(WaitOrderScript, string.Join(',', byButton), Wait);

        // By drag and drop: the last project onto the first.
        var last = byButton[^1];
        await desktop.Locator($"[data-testid=sidebar-project][data-project-name={last}] .project-row")
            .DragToAsync(desktop.Locator($"[data-testid=sidebar-project][data-project-name={byButton[0]}] .project-row"));
        string[] byDrag = [last, .. byButton[..^1]];
        await desktop.WaitForFunctionAsync(WaitOrderScript, string.Join(',', byDrag), Wait);
        await mirror.WaitForFunctionAsync(WaitOrderScript, string.Join(',', byDrag), Wait);

        Assert.True(await mirror.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the mirror reloaded instead of following live");
    }

    [Fact]
    public async Task Mirror_TerminalAddProjectAndSettings_AreAbsent()
    {
        await using var pages = new PageScope();
        var projectId = fixture.Projects["bravo"];
        var terminalId = await fixture.Host.CreateSessionAsync(projectId, "", "desktop-terminal", mirrorInput: false, kind: "terminal");
        var desktop = await pages.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
        var mirror = await pages.OpenAsync(fixture.Mirror, new Uri(fixture.Host.MirrorBase, $"p/{projectId}"));

        // The desktop has all of it...
        await Expect(desktop.Locator("[data-testid=add-project]")).ToBeVisibleAsync();
        await Expect(desktop.Locator("[data-testid=settings-link]")).ToBeVisibleAsync();
        await Expect(desktop.Locator("[data-testid=open-terminal]")).ToBeVisibleAsync();
        await Expect(desktop.Locator("[data-testid=new-session-form]")).ToBeVisibleAsync();
        await Expect(desktop.Locator($"[data-testid=sidebar-session][data-session-id='{terminalId}']")).ToHaveCountAsync(1);

        // ...the mirror none of it, and not the terminal session either.
        await Expect(mirror.Locator("[data-testid=project-page]")).ToBeVisibleAsync();
        await Expect(mirror.Locator("[data-testid=mirror-badge]")).ToBeVisibleAsync();
        foreach (var absent in new[] { "add-project", "settings-link", "open-terminal", "new-session-form", "move-up", "move-down", "hide-project", "remove-project", "status-button" })
        {
            await Expect(mirror.Locator($"[data-testid={absent}]")).ToHaveCountAsync(0);
        }

        await Expect(mirror.Locator($"[data-session-id='{terminalId}']")).ToHaveCountAsync(0);
        await Expect(mirror.Locator("[data-testid=sidebar-project][draggable=true]")).ToHaveCountAsync(0);

        await mirror.GotoAsync(new Uri(fixture.Host.MirrorBase, "settings").ToString());
        await Expect(mirror.Locator("[data-testid=settings-unavailable]")).ToBeVisibleAsync();
        await Expect(mirror.Locator("[data-testid=settings-page]")).ToHaveCountAsync(0);
        await mirror.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{terminalId}").ToString());
        await Expect(mirror.Locator("[data-testid=session-missing]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Session_OutputStartedOnTheDesktop_AppearsInTheMirrorView()
    {
        await using var pages = new PageScope();
        var projectId = fixture.Projects["alpha"];
        var desktop = await pages.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
        await desktop.FillAsync("[data-testid=new-session-command]", "i=0; while [ $i -lt 3 ]; do echo \"tick-$i from the desktop\"; i=$((i+1)); done; echo marker-$((6*7)); sleep 120");
        await desktop.FillAsync("[data-testid=new-session-title]", "ticker");
        await desktop.ClickAsync("[data-testid=new-session-start]");
        await desktop.WaitForURLAsync("**/s/**");
        await Expect(desktop.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("marker-42");
        var sessionId = await desktop.Locator("[data-testid=session-page]").GetAttributeAsync("data-session-id") ?? throw new InvalidOperationException("no session id");
        await fixture.ScreenshotAsync(desktop, "desktop-session");

        var mirror = await pages.OpenAsync(fixture.Mirror, fixture.Host.MirrorBase);
        await mirror.Locator($"[data-testid=sidebar-session][data-session-id='{sessionId}']").ClickAsync();
        await Expect(mirror.Locator("[data-testid=session-page]")).ToHaveAttributeAsync("data-session-id", sessionId);
        await Expect(mirror.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("tick-0 from the desktop");
        await Expect(mirror.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("marker-42");
        await Expect(mirror.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
        Assert.Contains("marker-42", await fixture.Host.ReadOutputAsync(sessionId));
    }

    [Fact]
    public async Task Typing_FromThePhoneMirror_ReachesAnAllowedSession_AndIsRefusedForAnother()
    {
        await using var pages = new PageScope();
        var projectId = fixture.Projects["charlie"];
        const string Echo = "while read -r line; do echo \"got:$line\"; done";
        var allowed = await fixture.Host.CreateSessionAsync(projectId, Echo, "echo-allowed", mirrorInput: true);
        var refused = await fixture.Host.CreateSessionAsync(projectId, Echo, "echo-refused", mirrorInput: false);

        var phone = await pages.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"s/{allowed}"));
        await Expect(phone.Locator("[data-testid=session-page]")).ToHaveAttributeAsync("data-can-type", "true");
        await Expect(phone.Locator("[data-testid=read-only]")).ToHaveCountAsync(0);
        await Expect(phone.Locator("[data-testid=terminal] .xterm-rows")).ToBeVisibleAsync();
        await phone.FillAsync("[data-testid=phone-line]", "hello from the phone");
        await phone.ClickAsync("[data-testid=phone-send]");
        await Expect(phone.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("got:hello from the phone");
        await phone.ClickAsync("[data-testid=key-y]");
        await phone.ClickAsync("[data-testid=key-enter]");
        await Expect(phone.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("got:y");
        Assert.Contains("got:hello from the phone", await fixture.Host.ReadOutputAsync(allowed));
        await fixture.ScreenshotAsync(phone, "phone-mirror-session");

        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{refused}").ToString());
        await BrowserFixture.WaitInteractiveAsync(phone);
        await Expect(phone.Locator("[data-testid=session-page]")).ToHaveAttributeAsync("data-can-type", "false");
        await Expect(phone.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=phone-line]")).ToHaveCountAsync(0);
        // The server refuses it too, whatever the page offers.
        var status = await phone.EvaluateAsync<int>(
            "async id => (await fetch('/session/' + id + '/input', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ data: 'sneaky\\n' }) })).status",
            refused);
        Assert.Equal(403, status);
        Assert.DoesNotContain("sneaky", await fixture.Host.ReadOutputAsync(refused));
        await fixture.ScreenshotAsync(phone, "phone-mirror-read-only");
    }

    [Fact]
    public async Task Phone_MirrorPage_WorksWithTheDrawer()
    {
        await using var pages = new PageScope();
        var phone = await pages.OpenAsync(fixture.Phone, fixture.Host.MirrorBase);
        var sidebar = phone.Locator("[data-testid=sidebar]");
        await Expect(phone.Locator("[data-testid=drawer-toggle]")).ToBeVisibleAsync();
        await Expect(sidebar).Not.ToBeInViewportAsync();
        await phone.ClickAsync("[data-testid=drawer-toggle]");
        await Expect(sidebar).ToBeInViewportAsync();
        await Expect(phone.Locator("[data-testid=sidebar-project]").First).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(phone, "phone-mirror-drawer");

        await phone.Locator("[data-testid=sidebar-project] .project-name").First.ClickAsync();
        await Expect(phone.Locator("[data-testid=project-page]")).ToBeVisibleAsync();
        await Expect(sidebar).Not.ToBeInViewportAsync();
        var width = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the phone page scrolls sideways ({width}px wide)");
        await fixture.ScreenshotAsync(phone, "phone-mirror-project");
    }

    [Fact]
    public async Task Settings_SwitchingToArabic_SetsRightToLeft()
    {
        await using var pages = new PageScope();
        var desktop = await pages.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, "settings"));
        await Expect(desktop.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        try
        {
            await desktop.SelectOptionAsync("[data-testid=settings-language]", "ar");
            await desktop.ClickAsync("[data-testid=settings-save]");
            await Expect(desktop.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
            await Expect(desktop.Locator("html")).ToHaveAttributeAsync("lang", "ar");
            await BrowserFixture.WaitInteractiveAsync(desktop);
            await Expect(desktop.Locator("h1")).ToHaveTextAsync("الإعدادات");
            await fixture.ScreenshotAsync(desktop, "desktop-settings-arabic");
        }
        finally
        {
            await desktop.SelectOptionAsync("[data-testid=settings-language]", "");
            await desktop.ClickAsync("[data-testid=settings-save]");
            await Expect(desktop.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        }

    }

    [Fact]
    public async Task StatusPopover_OnTheDesktop_ShowsUrlsCredentialsAndAPairingCode()
    {
        await using var pages = new PageScope();
        var desktop = await pages.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{fixture.Projects["alpha"]}"));
        await desktop.ClickAsync("[data-testid=status-button]");
        var panel = desktop.Locator("[data-testid=status-panel]");
        await Expect(panel).ToHaveAttributeAsync("data-state", "serving");
        await Expect(panel.Locator("[data-testid=local-url-value]")).ToContainTextAsync(fixture.Host.DesktopBase.Authority);
        await Expect(panel.Locator("[data-testid=status-username-value]")).ToHaveTextAsync(DeskMirrorHost.Username);
        await Expect(panel.Locator("[data-testid=status-password-value]")).Not.ToHaveTextAsync(DeskMirrorHost.Password);
        await panel.Locator("[data-testid=status-password-reveal]").ClickAsync();
        await Expect(panel.Locator("[data-testid=status-password-value]")).ToHaveTextAsync(DeskMirrorHost.Password);
        await Expect(panel.Locator("[data-testid=pairing-qr]")).ToBeVisibleAsync();
        await panel.Locator("[data-testid=status-password-reveal]").ClickAsync();
        await fixture.ScreenshotAsync(desktop, "desktop-status-popover");
    }

    [Fact]
    public async Task Mirror_AfterALostConnection_ReconnectsAndCatchesUp()
    {
        await using var pages = new PageScope();
        var projectId = fixture.Projects["bravo"];
        var mirror = await pages.NewAsync(fixture.Mirror);
        // Keeps a handle on the page's WebSockets, so the test can cut the circuit's connection.
        await mirror.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__sockets.push(this); }
              };
            })();
            """);
        await mirror.GotoAsync(new Uri(fixture.Host.MirrorBase, $"p/{projectId}").ToString());
        await BrowserFixture.WaitInteractiveAsync(mirror);
        await mirror.EvaluateAsync("() => window.__notReloaded = true");

        // The network goes away: the connection drops and reconnecting fails until it is back.
        await fixture.Mirror.SetOfflineAsync(true);
        try
        {
            await mirror.EvaluateAsync("() => window.__sockets.filter(s => s.url.includes('/_blazor')).forEach(s => s.close(4000, 'network lost'))");
            await Expect(mirror.Locator("#components-reconnect-modal")).ToBeVisibleAsync();
            var sessionId = await fixture.Host.CreateSessionAsync(projectId, "echo made-while-offline; sleep 60", "made-while-offline", mirrorInput: false);
            await fixture.Mirror.SetOfflineAsync(false);

            await Expect(mirror.Locator($"[data-testid=sidebar-session][data-session-id='{sessionId}']")).ToBeVisibleAsync();
            await Expect(mirror.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
            Assert.True(await mirror.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the mirror reloaded instead of catching up");
        }
        finally
        {
            await fixture.Mirror.SetOfflineAsync(false);
        }
    }

    [Fact]
    public async Task AddProject_WithTheFolderBrowser_AppearsOnTheDesktopAndTheOpenMirror()
    {
        await using var pages = new PageScope();
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Host.Root, "projects", "delta", "src")).Parent!.FullName;
        var mirror = await pages.OpenAsync(fixture.Mirror, fixture.Host.MirrorBase);
        var desktop = await pages.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);

        await desktop.ClickAsync("[data-testid=add-project]");
        var dialog = desktop.Locator("[data-testid=add-project-dialog]");
        await dialog.Locator("[data-testid=folder-path]").FillAsync(Path.Combine(fixture.Host.Root, "projects"));
        await dialog.Locator("[data-testid=folder-path]").PressAsync("Enter");
        await dialog.Locator("[data-testid=folder][data-name=delta]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=folder][data-name=src]")).ToBeVisibleAsync();
        await Expect(dialog.Locator("[data-testid=folder-path]")).ToHaveValueAsync(folder);
        await fixture.ScreenshotAsync(desktop, "desktop-add-project");
        await dialog.Locator("[data-testid=add-project-confirm]").ClickAsync();

        await Expect(desktop.Locator("[data-testid=project-page] h1")).ToHaveTextAsync("delta");
        await Expect(desktop.Locator("[data-testid=sidebar-project][data-project-name=delta]")).ToBeVisibleAsync();
        await Expect(mirror.Locator("[data-testid=sidebar-project][data-project-name=delta]")).ToBeVisibleAsync();
    }
}
