using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>The Changes tab in Chromium against the real host: through the mirror on a phone, and on the desktop.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ChangesUiTests(BrowserFixture fixture) : IAsyncLifetime
{
    private static readonly (string Path, string Status)[] Expected =
    [
        ("added.txt", "added"), ("big.txt", "modified"), ("deleted.txt", "deleted"), ("image.bin", "modified"),
        ("Greeter.cs", "modified"), ("new-name.txt", "renamed"), ("untracked.txt", "untracked"),
    ];

    private string _projectId = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        var name = "changes-" + Guid.NewGuid().ToString("N")[..6];
        _projectId = await fixture.Host.AddProjectAsync(name);
        _folder = Path.Combine(fixture.Host.Root, "projects", name);
        await GitWorkTree.CreateWithEveryKindOfChangeAsync(_folder);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changes_PhoneThroughTheMirror_ListsEveryChangeAndShowsADiffLineByLine()
    {
        var phone = await BrowserFixture.OpenAsync(fixture.Phone, ChangesUrl(fixture.Host.MirrorBase));

        var rows = phone.Locator("[data-testid=change-row]");
        await Expect(rows).ToHaveCountAsync(Expected.Length);
        foreach (var (path, status) in Expected)
        {
            await Expect(Row(phone, path)).ToHaveAttributeAsync("data-status", status);
        }

        await Expect(Row(phone, "Greeter.cs").Locator("[data-testid=change-counts] .added")).ToHaveTextAsync("+3");
        await Expect(Row(phone, "Greeter.cs").Locator("[data-testid=change-counts] .deleted")).ToHaveTextAsync("−1");
        await Expect(Row(phone, "big.txt").Locator("[data-testid=change-counts] .added")).ToHaveTextAsync("+20000");
        // What a screen reader says for the counts.
        await Expect(Row(phone, "Greeter.cs")).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("modified.*Greeter\\.cs.*lines added: 3, lines deleted: 1"));
        await Expect(Row(phone, "new-name.txt")).ToContainTextAsync("old-name.txt");
        await Expect(Row(phone, "image.bin").Locator("[data-testid=change-counts]")).ToHaveCountAsync(0);
        await AssertNothingCutOffAsync(phone);
        await fixture.ScreenshotAsync(phone, "phone-changes-list");

        await Row(phone, "Greeter.cs").TapAsync();
        var diff = phone.Locator("[data-testid=diff]");
        await Expect(diff.Locator(".d2h-file-wrapper")).ToBeVisibleAsync();
        await Expect(diff).ToHaveAttributeAsync("data-format", "line-by-line");
        await Expect(diff.Locator(".d2h-ins").First).ToBeVisibleAsync();
        await Expect(diff).ToContainTextAsync("hello, phone");
        // Syntax-aware colours: highlight.js marked up the C# code.
        await Expect(diff.Locator(".hljs-string").First).ToBeVisibleAsync();
        await Expect(rows.First).ToBeHiddenAsync();
        await Expect(phone.Locator(".diff-title")).ToBeFocusedAsync();
        await AssertNothingCutOffAsync(phone);
        await fixture.ScreenshotAsync(phone, "phone-changes-diff");

        await phone.Locator("[data-testid=diff-back]").TapAsync();
        await Expect(Row(phone, "Greeter.cs")).ToBeFocusedAsync();
        await Row(phone, "big.txt").TapAsync();
        await Expect(phone.Locator("[data-testid=diff-cut]")).ToBeVisibleAsync();
        await Expect(diff).ToContainTextAsync("line 1");
        await Expect(diff).Not.ToContainTextAsync("DeskMirror: diff cut");

        await phone.Locator("[data-testid=diff-back]").TapAsync();
        await Row(phone, "image.bin").TapAsync();
        await Expect(diff).ToContainTextAsync("Binary");
        await phone.CloseAsync();
    }

    [Fact]
    public async Task Changes_EditOnDisk_ReachesTheOpenViewWithoutAReload()
    {
        var phone = await BrowserFixture.OpenAsync(fixture.Phone, ChangesUrl(fixture.Host.MirrorBase));
        await Row(phone, "Greeter.cs").TapAsync();
        await Expect(phone.Locator("[data-testid=diff]")).ToContainTextAsync("hello, phone");
        await phone.EvaluateAsync("() => window.__notReloaded = true");

        GitWorkTree.Write(_folder, "fresh.txt", "made while the view was open\n");
        GitWorkTree.Write(_folder, "Greeter.cs", "using System;\n\nclass Greeter\n{\n    string Greet() => \"edited on disk\";\n}\n");

        await phone.Locator("[data-testid=diff-back]").TapAsync();
        await Expect(Row(phone, "fresh.txt")).ToHaveAttributeAsync("data-status", "untracked");
        await Row(phone, "Greeter.cs").TapAsync();
        await Expect(phone.Locator("[data-testid=diff]")).ToContainTextAsync("edited on disk");
        Assert.True(await phone.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded instead of following live");

        // The open diff follows too: another edit of the file being read.
        GitWorkTree.Write(_folder, "Greeter.cs", "using System;\n\nclass Greeter\n{\n    string Greet() => \"edited again\";\n}\n");
        await Expect(phone.Locator("[data-testid=diff]")).ToContainTextAsync("edited again");
        Assert.True(await phone.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded instead of following live");
        await phone.CloseAsync();
    }

    [Fact]
    public async Task Changes_Desktop_ShowsTheDiffSideBySide()
    {
        var desktop = await BrowserFixture.OpenAsync(fixture.Desktop, new Uri(fixture.Host.DesktopBase, $"p/{_projectId}"));
        await desktop.Locator("[data-testid=tab-changes]").ClickAsync();
        await Row(desktop, "Greeter.cs").ClickAsync();

        var diff = desktop.Locator("[data-testid=diff]");
        await Expect(diff).ToHaveAttributeAsync("data-format", "side-by-side");
        await Expect(diff.Locator(".d2h-file-side-diff")).ToHaveCountAsync(2);
        await Expect(desktop.Locator("[data-testid=change-list]")).ToBeVisibleAsync();

        // Keyboard: the next file opens from its row with Enter.
        await Row(desktop, "added.txt").FocusAsync();
        await desktop.Keyboard.PressAsync("Enter");
        await Expect(diff).ToContainTextAsync("new 2");
        await fixture.ScreenshotAsync(desktop, "desktop-changes-diff");
        await desktop.CloseAsync();
    }

    private Uri ChangesUrl(Uri listener) => new(listener, $"p/{_projectId}?tab=changes");

    private static ILocator Row(IPage page, string path) => page.Locator($"[data-testid=change-row][data-path='{path}']");

    /// <summary>Nothing is wider than the screen: no part of the view is out of reach.</summary>
    private static async Task AssertNothingCutOffAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the screen");
    }
}
