using System.Text.RegularExpressions;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>Stopping and removing ask first; the phone's line box and keys combine; lists say what accepts typing.</summary>
[Collection(BrowserGroup.Name)]
public sealed class SessionControlTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Stop_OnThePhone_AsksFirst_CancelKeepsItRunning_ConfirmStopsIt()
    {
        var projectId = fixture.Projects["bravo"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "sleep 300", "long-job", mirrorInput: false);
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"p/{projectId}"));
        var page = phone.Page;
        var row = page.Locator($"[data-testid=session-row][data-session-id='{session}']");
        var stop = row.Locator("[data-testid=stop-session]");

        // A large target, set apart from the title link.
        var box = await stop.BoundingBoxAsync() ?? throw new InvalidOperationException("no Stop button");
        Assert.True(box.Height >= 44 && box.Width >= 44, $"Stop is {box.Width}×{box.Height} px");

        await stop.TapAsync();
        await Expect(row.Locator("[data-testid=stop-session-question]")).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid=stop-session-cancel]")).ToBeFocusedAsync();
        await fixture.ScreenshotAsync(page, "phone-stop-confirm");
        var confirm = await row.Locator("[data-testid=stop-session-confirm]").BoundingBoxAsync() ?? throw new InvalidOperationException("no confirm");
        var cancel = await row.Locator("[data-testid=stop-session-cancel]").BoundingBoxAsync() ?? throw new InvalidOperationException("no cancel");
        Assert.True(confirm.Height >= 44 && cancel.Height >= 44, "the confirm step's buttons are under 44 px high");
        Assert.True(Math.Abs(confirm.X - cancel.X) >= Math.Min(confirm.Width, cancel.Width) + 12 || Math.Abs(confirm.Y - cancel.Y) >= 44,
            "Stop and Cancel are not set apart");

        await row.Locator("[data-testid=stop-session-cancel]").TapAsync();
        await Expect(stop).ToBeFocusedAsync();
        Assert.Equal("running", await fixture.Host.SessionStatusAsync(session));

        await stop.TapAsync();
        await row.Locator("[data-testid=stop-session-confirm]").TapAsync();
        await Expect(row).ToContainTextAsync("Stopped");
        await Expect(row.Locator("[data-testid=stop-session]")).ToHaveCountAsync(0);
        Assert.Equal("stopped", await fixture.Host.SessionStatusAsync(session));
    }

    [Fact]
    public async Task Remove_OnTheDesktop_AsksFirst()
    {
        var projectId = fixture.Projects["charlie"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "true", "done-already", mirrorInput: false);
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
        var page = desktop.Page;
        var row = page.Locator($"[data-testid=session-row][data-session-id='{session}']");

        await row.Locator("[data-testid=remove-session]").ClickAsync();
        await Expect(row.Locator("[data-testid=remove-session-question]")).ToBeVisibleAsync();
        await Expect(row.Locator("[data-testid=remove-session-cancel]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(row.Locator("[data-testid=remove-session]")).ToBeFocusedAsync();

        await row.Locator("[data-testid=remove-session]").ClickAsync();
        await row.Locator("[data-testid=remove-session-confirm]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"), "focus was lost with the removed row");
    }

    [Fact]
    public async Task PhoneKeys_LineThenTab_SendsTheLineFirst_AndListsShowWhatAcceptsTyping()
    {
        var projectId = fixture.Projects["charlie"];
        // Raw mode: the program sees every byte as typed and prints the first four.
        var typable = await fixture.Host.CreateSessionAsync(projectId, "stty raw -echo; dd bs=1 count=4 2>/dev/null | od -An -c; sleep 120", "raw-reader", mirrorInput: true);
        var readOnly = await fixture.Host.CreateSessionAsync(projectId, "sleep 120", "watch-only", mirrorInput: false);
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"p/{projectId}"));
        var page = phone.Page;

        await Expect(page.Locator($"[data-testid=session-row][data-session-id='{typable}'] [data-testid=typing-mark]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=session-row][data-session-id='{readOnly}'] [data-testid=typing-mark]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=drawer-toggle]");
        await Expect(page.Locator($"[data-testid=sidebar-session][data-session-id='{typable}'] [data-testid=typing-mark]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=sidebar-session][data-session-id='{readOnly}'] [data-testid=typing-mark]")).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "phone-typing-marks");

        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{typable}"));
        var line = page.Locator("[data-testid=phone-line]");
        var lineBox = await line.BoundingBoxAsync() ?? throw new InvalidOperationException("no line box");
        Assert.True(lineBox.Height >= 44, $"the line box is {lineBox.Height} px high");
        Assert.Equal("16px", await line.EvaluateAsync<string>("e => getComputedStyle(e).fontSize"));
        await line.FillAsync("ech");
        await page.Locator("[data-testid=key-tab]").TapAsync();
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync(new Regex(@"e\s+c\s+h\s+\\t"));
        await Expect(line).ToHaveValueAsync("");

        // A read-only session says why, in words on the page.
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{readOnly}"));
        await Expect(page.Locator("[data-testid=read-only-note]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=read-only-note]")).ToContainTextAsync("desktop");
        await fixture.ScreenshotAsync(page, "phone-read-only-note");
    }

    [Fact]
    public async Task FolderGone_ProjectPageWarns_AndStartIsOff_UntilItIsBack()
    {
        var projectId = await fixture.Host.AddProjectAsync("vanishing");
        var folder = fixture.Host.ProjectFolder("vanishing");
        Directory.Delete(folder);
        try
        {
            await using var desktop = await LivePage.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
            var page = desktop.Page;
            await Expect(page.Locator("[data-testid=folder-missing]")).ToContainTextAsync(folder);
            await page.FillAsync("[data-testid=new-session-command]", "echo hi");
            await Expect(page.Locator("[data-testid=new-session-start]")).ToBeDisabledAsync();
            await Expect(page.Locator("[data-testid=open-terminal]")).ToBeDisabledAsync();

            // The server refuses too, so no failed session piles up.
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Host.CreateSessionAsync(projectId, "echo hi", "refused", mirrorInput: false));
            Assert.Contains("409", refused.Message, StringComparison.Ordinal);

            Directory.CreateDirectory(folder);
            await page.ClickAsync("[data-testid=folder-check-again]");
            await Expect(page.Locator("[data-testid=folder-missing]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid=new-session-start]")).ToBeEnabledAsync();
        }
        finally
        {
            Directory.CreateDirectory(folder);
        }
    }
}
