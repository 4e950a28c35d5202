using System.Text.RegularExpressions;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>The terminal on a touch screen (swipe to scroll back, jump to the end) and by keyboard (a way out).</summary>
[Collection(BrowserGroup.Name)]
public sealed class TerminalTests(BrowserFixture fixture)
{
    private const string ViewportScript =
        "() => { const b = document.querySelector('.terminal-host').__deskmirrorTerminal.buffer.active; return [b.viewportY, b.baseY]; }";

    // The viewport after ten animation frames: what a scroller still under way would have changed by then.
    private const string AfterFramesScript = """
        () => new Promise(resolve => {
          let frames = 10;
          const next = () => {
            if (--frames > 0) { requestAnimationFrame(next); return; }
            const b = document.querySelector('.terminal-host').__deskmirrorTerminal.buffer.active;
            resolve([b.viewportY, b.baseY]);
          };
          requestAnimationFrame(next);
        })
        """;

    [Fact]
    public async Task Touch_SwipeDown_ScrollsBack_AndJumpToLatestReturnsToTheEnd()
    {
        var projectId = fixture.Projects["alpha"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "i=0; while [ $i -lt 300 ]; do echo \"line-$i\"; i=$((i+1)); done; sleep 120", "long-output", mirrorInput: false);
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        var page = phone.Page;
        var frame = page.Locator("[data-testid=terminal]");
        await Expect(frame.Locator(".xterm-rows")).ToContainTextAsync("line-299");
        var atEnd = await page.EvaluateAsync<int[]>(ViewportScript);
        Assert.True(atEnd[1] > 0 && atEnd[0] == atEnd[1], $"the view should start at the end: {atEnd[0]}/{atEnd[1]}");
        await Expect(frame.Locator("[data-testid=jump-latest]")).ToBeHiddenAsync();

        // A finger moving down the terminal pulls older lines into view.
        await SwipeAsync(page, frame, distance: 300);
        await page.WaitForFunctionAsync("() => { const b = document.querySelector('.terminal-host').__deskmirrorTerminal.buffer.active; return b.viewportY < b.baseY - 5; }");
        await Expect(frame).ToHaveAttributeAsync("data-scrolled-back", "true");
        var jump = frame.Locator("[data-testid=jump-latest]");
        await Expect(jump).ToBeVisibleAsync();
        var box = await jump.BoundingBoxAsync() ?? throw new InvalidOperationException("no jump button");
        Assert.True(box.Height >= 44, $"the jump button is {box.Height} px high");
        await fixture.ScreenshotAsync(page, "phone-terminal-scrolled-back");

        await jump.TapAsync();
        await Expect(frame).ToHaveAttributeAsync("data-scrolled-back", "false");
        // Nothing may carry the view on after the jump (a second scroller's inertia did): read it a few frames later.
        var back = await page.EvaluateAsync<int[]>(AfterFramesScript);
        Assert.Equal(back[1], back[0]);
        await Expect(jump).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Keyboard_EscTwice_LeavesTheTerminal_AndTheFirstEscStillReachesTheSession()
    {
        var projectId = fixture.Projects["alpha"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "stty raw -echo; dd bs=1 count=2 2>/dev/null | od -An -c; sleep 120", "escape-reader", mirrorInput: false);
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"s/{session}"));
        var page = desktop.Page;
        var frame = page.Locator("[data-testid=terminal]");
        await Expect(frame).ToHaveAttributeAsync("data-stream", "live");

        // Announced and shown: the input is described by the hint, which is also the frame's tooltip.
        var hint = frame.Locator("[data-testid=terminal-hint]");
        var hintText = (await hint.TextContentAsync())!.Trim();
        Assert.Contains("Esc", hintText, StringComparison.Ordinal);
        await Expect(frame).ToHaveAttributeAsync("title", hintText);
        var input = frame.Locator("textarea");
        await Expect(input).ToHaveAttributeAsync("aria-describedby", (await hint.GetAttributeAsync("id"))!);

        await input.FocusAsync();
        await Expect(hint).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await desktop.FocusIsInAsync("[data-testid=terminal]"), "Tab belongs to the session while typing is allowed");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await desktop.FocusIsInAsync("[data-testid=terminal]"), "Esc Esc did not move focus out of the terminal");
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"));
        // The Tab and the first Escape reached the program.
        await Expect(frame.Locator(".xterm-rows")).ToContainTextAsync(new Regex(@"\\t\s+033"));
    }

    [Fact]
    public async Task Keyboard_ReadOnlyTerminal_TabMovesOn()
    {
        var projectId = fixture.Projects["alpha"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "echo read-only-here; sleep 120", "read-only-tab", mirrorInput: false);
        await using var mirror = await LivePage.OpenAsync(fixture.Mirror, new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        var page = mirror.Page;
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("read-only-here");

        await page.Locator("[data-testid=terminal] textarea").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.False(await mirror.FocusIsInAsync("[data-testid=terminal]"), "Tab stayed in a read-only terminal");
        await page.Locator("[data-testid=terminal] textarea").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.False(await mirror.FocusIsInAsync("[data-testid=terminal]"), "Shift+Tab stayed in a read-only terminal");
    }

    /// <summary>One finger from the top of the terminal down by <paramref name="distance"/> px, through CDP touch events.</summary>
    private static async Task SwipeAsync(IPage page, ILocator target, float distance)
    {
        var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("no terminal");
        var x = box.X + (box.Width / 2);
        var y = box.Y + 30;
        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            await Touch(cdp, "touchStart", x, y);
            for (var step = 1; step <= 15; step++)
            {
                await Touch(cdp, "touchMove", x, y + (distance * step / 15));
            }

            await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });
        }
        finally
        {
            await cdp.DetachAsync();
        }

        static Task Touch(ICDPSession cdp, string type, float x, float y)
            => cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
            {
                ["type"] = type,
                ["touchPoints"] = new[] { new Dictionary<string, object> { ["x"] = x, ["y"] = y } },
            });
    }
}
