using System.Globalization;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// A session's grid on a 390 × 844 phone through the mirror: a real 140 × 40 full-screen program with a marker in
/// each corner, in the Fit, Read and Text views; links, the sticky Ctrl, and the remembered view.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PhoneViewTests(BrowserFixture fixture)
{
    private static readonly string[] Corners = ["TL-7Q", "TR-4K", "BL-9X", "BR-2M"];

    // Whether the marker's text is drawn inside both the terminal's frame and the screen (no page zoom).
    private const string MarkerInView = """
        marker => {
          const frame = document.querySelector('[data-testid=terminal]');
          const rows = frame.querySelector('.xterm-rows');
          if (!rows || visualViewport.scale !== 1) return false;
          const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const index = node.data.indexOf(marker);
            if (index < 0) continue;
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + marker.length);
            const r = range.getBoundingClientRect();
            const f = frame.getBoundingClientRect();
            return r.width > 0 && r.left >= f.left - 0.5 && r.right <= f.right + 0.5 && r.top >= f.top - 0.5 && r.bottom <= f.bottom + 0.5
              && r.left >= 0 && r.top >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
          }
          return false;
        }
        """;

    // The centre of a piece of text drawn in the terminal, in CSS pixels of the page.
    private const string TextCentre = """
        text => {
          const rows = document.querySelector('[data-testid=terminal] .xterm-rows');
          const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const index = node.data.indexOf(text);
            if (index < 0) continue;
            const range = document.createRange();
            range.setStart(node, index);
            range.setEnd(node, index + text.length);
            const r = range.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
          }
          return null;
        }
        """;

    [Fact]
    public async Task Phone_FullScreenProgram140x40_EveryCornerReachableInRead_AllShownInFit_AndInText()
    {
        var phoneContext = await fixture.NewSignedInContextAsync(Device.Phone, "en-US");
        var link = new Uri(fixture.Host.MirrorBase, "trust").ToString();
        var session = await StartFrameAsync("corner-frame", link);
        await using var phone = await LivePage.OpenAsync(phoneContext, new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        var page = phone.Page;
        var frame = page.Locator("[data-testid=terminal]");
        await Expect(frame.Locator(".xterm-rows")).ToContainTextAsync("BR-2M");
        await Expect(frame.Locator(".xterm-rows")).ToContainTextAsync("grid 140x40");

        // Read, the first view on a new device: readable, and panning reaches every corner.
        await Expect(page.Locator("[data-testid=view-read]")).ToHaveAttributeAsync("aria-pressed", "true");
        var font = await frame.Locator(".xterm-rows").EvaluateAsync<string>("e => getComputedStyle(e).fontSize");
        Assert.True(double.Parse(font.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 12, $"the Read font is {font}");
        Assert.Equal("none", await frame.Locator(".terminal-host").EvaluateAsync<string>("e => getComputedStyle(e).transform"));
        Assert.True(await page.EvaluateAsync<bool>(MarkerInView, "TL-7Q"), "the top-left corner is in view at first");
        Assert.False(await page.EvaluateAsync<bool>(MarkerInView, "BR-2M"), "a 140 × 40 grid at a readable size is larger than a phone");
        await fixture.ScreenshotAsync(page, "phone-view-read");

        // The link in the output opens when tapped.
        var centre = await page.EvaluateAsync<double[]?>(TextCentre, link) ?? throw new InvalidOperationException("the link is not drawn");
        var opened = await phoneContext.RunAndWaitForPageAsync(() => page.Touchscreen.TapAsync((float)centre[0], (float)centre[1]));
        await opened.WaitForURLAsync(link);
        await opened.CloseAsync();

        var cdp = await page.Context.NewCDPSessionAsync(page);
        try
        {
            await PanUntilInViewAsync(page, cdp, "TR-4K", dx: -300, dy: 0);
            await PanUntilInViewAsync(page, cdp, "BR-2M", dx: 0, dy: -300);
            await PanUntilInViewAsync(page, cdp, "BL-9X", dx: 300, dy: 0);
            await fixture.ScreenshotAsync(page, "phone-view-read-bottom-left");
            await PanUntilInViewAsync(page, cdp, "TL-7Q", dx: 0, dy: 300);
        }
        finally
        {
            await cdp.DetachAsync();
        }

        // Fit: the whole grid at once.
        // The last pan's fling has run out (a tap while it runs stops it, as on a phone, and is not a click).
        await Expect(frame).ToHaveAttributeAsync("data-fling", "false");
        await page.Locator("[data-testid=view-fit]").TapAsync();
        await Expect(page.Locator("[data-testid=view-fit]")).ToHaveAttributeAsync("aria-pressed", "true");
        foreach (var corner in Corners)
        {
            await page.WaitForFunctionAsync(MarkerInView, corner);
        }

        await fixture.ScreenshotAsync(page, "phone-view-fit");

        // Text: everything as text, searchable.
        await page.Locator("[data-testid=view-text]").TapAsync();
        var text = page.Locator("[data-testid=text-body]");
        await Expect(text).ToBeVisibleAsync();
        await Expect(frame).ToBeHiddenAsync();
        foreach (var corner in Corners)
        {
            await Expect(text).ToContainTextAsync(corner);
        }

        Assert.DoesNotContain("\u001b", await text.TextContentAsync() ?? "", StringComparison.Ordinal);
        await page.Locator("[data-testid=text-search]").FillAsync("bl-9x");
        await Expect(text.Locator("mark")).ToHaveTextAsync("BL-9X");
        await Expect(text.Locator("mark")).ToBeInViewportAsync();
        var textFont = await text.EvaluateAsync<string>("e => getComputedStyle(e).fontSize");
        Assert.True(double.Parse(textFont.Replace("px", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) >= 12, $"the Text font is {textFont}");
        var overflow = await text.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth");
        Assert.False(overflow, "the Text view wraps at the phone's width");
        await page.Locator("[data-testid=text-search]").FillAsync("nothing-like-this");
        await Expect(page.Locator("[data-testid=text-status]")).ToHaveTextAsync("No matches");
        await page.Locator("[data-testid=text-search]").FillAsync("");
        await fixture.ScreenshotAsync(page, "phone-view-text");

        // The choice stays with the device.
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        await Expect(page.Locator("[data-testid=view-text]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(text).ToContainTextAsync("TR-4K");
        await page.Locator("[data-testid=view-fit]").TapAsync();
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        await Expect(page.Locator("[data-testid=view-fit]")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForFunctionAsync(MarkerInView, "BR-2M");
    }

    [Fact]
    public async Task Phone_TextCopy_WithoutTheClipboardApi_SelectsTheText()
    {
        var phoneContext = await fixture.NewSignedInContextAsync(Device.Phone, "en-US");
        var session = await StartFrameAsync("copy-frame", "https://example.invalid/");
        await using var phone = await LivePage.NewAsync(phoneContext);
        var page = phone.Page;
        // As on plain HTTP from the LAN: no navigator.clipboard, no copy command.
        await page.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }); Document.prototype.execCommand = () => false;");
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        await page.Locator("[data-testid=view-text]").TapAsync();
        await Expect(page.Locator("[data-testid=text-body]")).ToContainTextAsync("BR-2M");

        await page.Locator("[data-testid=text-copy]").TapAsync();
        await Expect(page.Locator("[data-testid=text-status]")).ToContainTextAsync("selected");
        var selected = await page.EvaluateAsync<string>("() => document.getSelection().toString()");
        foreach (var corner in Corners)
        {
            Assert.Contains(corner, selected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Phone_StickyCtrlThenC_SendsEtx()
    {
        var projectId = fixture.Projects["bravo"];
        var session = await fixture.Host.CreateSessionAsync(projectId, "stty raw -echo; dd bs=1 count=2 2>/dev/null | od -An -tx1; sleep 120", "sticky-ctrl", mirrorInput: true);
        await using var phone = await LivePage.OpenAsync(fixture.Phone, new Uri(fixture.Host.MirrorBase, $"s/{session}"));
        var page = phone.Page;
        await Expect(page.Locator("[data-testid=terminal]")).ToHaveAttributeAsync("data-stream", "live");
        var ctrl = page.Locator("[data-testid=key-ctrl]");
        await ctrl.TapAsync();
        await Expect(ctrl).ToHaveAttributeAsync("aria-pressed", "true");

        await page.Locator("[data-testid=phone-line]").PressSequentiallyAsync("c");
        await Expect(ctrl).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("[data-testid=phone-line]")).ToHaveValueAsync("");
        // The next key is plain again.
        await page.Locator("[data-testid=key-slash]").TapAsync();
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("03 2f");
    }

    private async Task<string> StartFrameAsync(string title, string link)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "corner-frame.sh");
        return await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], $"sh '{script}' '{link}'", title, mirrorInput: false, cols: 140, rows: 40);
    }

    private static async Task TouchAsync(ICDPSession cdp, string type, float x, float y)
        => await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = new[] { new Dictionary<string, object> { ["x"] = x, ["y"] = y } },
        });

    /// <summary>One-finger touch pans of the terminal (through CDP) until the marker is in view; a few at most.</summary>
    private static async Task PanUntilInViewAsync(IPage page, ICDPSession cdp, string marker, int dx, int dy)
    {
        // The page above the terminal (title, notes) may push its bottom below the screen: scrolled to it first,
        // as a finger on the page outside the terminal does.
        var terminal = page.Locator("[data-testid=terminal]");
        await terminal.EvaluateAsync("e => e.scrollIntoView({ block: 'nearest' })");
        var box = await terminal.BoundingBoxAsync() ?? throw new InvalidOperationException("no terminal");
        for (var attempt = 0; attempt < 8 && !await page.EvaluateAsync<bool>(MarkerInView, marker); attempt++)
        {
            var x = box.X + (box.Width / 2);
            var y = box.Y + (box.Height / 2);
            await TouchAsync(cdp, "touchStart", x, y);
            for (var step = 1; step <= 10; step++)
            {
                await TouchAsync(cdp, "touchMove", x + (dx * step / 10f), y + (dy * step / 10f));
            }

            await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });
            // The fling after the finger lifts has ended when the frame holds still for a frame.
            await page.WaitForFunctionAsync("""
                () => new Promise(resolve => {
                  const f = document.querySelector('[data-testid=terminal]');
                  const at = [f.scrollLeft, f.scrollTop];
                  requestAnimationFrame(() => requestAnimationFrame(() => resolve(f.scrollLeft === at[0] && f.scrollTop === at[1])));
                })
                """);
        }

        var where = await page.EvaluateAsync<string>("() => { const f = document.querySelector('[data-testid=terminal]'); const r = f.getBoundingClientRect(); return `scroll ${f.scrollLeft},${f.scrollTop} of ${f.scrollWidth}x${f.scrollHeight} in ${f.clientWidth}x${f.clientHeight}, frame ${r.top}-${r.bottom}, window ${innerHeight}, zoom ${visualViewport.scale}`; }");
        Assert.True(await page.EvaluateAsync<bool>(MarkerInView, marker), $"{marker} could not be brought into view ({where})");
    }
}
