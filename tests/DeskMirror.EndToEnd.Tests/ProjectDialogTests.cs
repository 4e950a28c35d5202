using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>Adding a project: what is typed is what is added, and the dialog behaves like a dialog.</summary>
[Collection(BrowserGroup.Name)]
public sealed class ProjectDialogTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AddProject_TypedPathWithoutOpen_AddsTheTypedFolder_AndTheDialogKeepsFocus()
    {
        var typed = Directory.CreateDirectory(fixture.Host.ProjectFolder("typed-echo")).FullName;
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var page = desktop.Page;

        await page.ClickAsync("[data-testid=add-project]");
        var dialog = page.Locator("[data-testid=add-project-dialog]");
        var path = dialog.Locator("[data-testid=folder-path]");
        // Focus moves in, and Tab does not leave the modal dialog.
        await Expect(path).ToBeFocusedAsync();
        for (var i = 0; i < 12; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.True(await desktop.FocusIsInAsync("[data-testid=add-project-dialog]"), $"Tab #{i + 1} left the dialog");
        }

        // The home folder is listed; the typed path is what gets added, without pressing Open.
        await path.FillAsync(typed);
        await Expect(dialog.Locator("[data-testid=add-project-chosen]")).ToHaveTextAsync(typed);
        await dialog.Locator("[data-testid=add-project-confirm]").ClickAsync();

        await Expect(page.Locator("[data-testid=project-page] h1")).ToHaveTextAsync("typed-echo");
        await Expect(page.Locator("[data-testid=project-page] .path")).ToHaveTextAsync(typed);
        await Expect(dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AddProject_FailedOpenOrExistingFolder_AddsNothingAndSaysWhyByName_EscapeClosesBackToTheButton()
    {
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var page = desktop.Page;
        var before = await page.Locator("[data-testid=sidebar-project]").CountAsync();
        await page.ClickAsync("[data-testid=add-project]");
        var dialog = page.Locator("[data-testid=add-project-dialog]");
        var missing = Path.Combine(fixture.Host.Root, "projects", "no-such-folder");

        // Open fails: the old folder is not added in its place.
        await dialog.Locator("[data-testid=folder-path]").FillAsync(missing);
        await dialog.Locator("[data-testid=folder-path]").PressAsync("Enter");
        await Expect(dialog.Locator("[data-testid=folder-error]")).ToBeVisibleAsync();
        await dialog.Locator("[data-testid=add-project-confirm]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=add-project-error]")).ToContainTextAsync(missing);

        // A folder that is a project already: named by its project, never by an internal id.
        var alphaId = fixture.Projects["alpha"];
        await dialog.Locator("[data-testid=folder-path]").FillAsync(fixture.Host.ProjectFolder("alpha"));
        await dialog.Locator("[data-testid=add-project-confirm]").ClickAsync();
        await Expect(dialog.Locator("[data-testid=add-project-error]")).ToContainTextAsync("“alpha”");
        Assert.DoesNotContain(alphaId, await dialog.Locator("[data-testid=add-project-error]").TextContentAsync(), StringComparison.Ordinal);

        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=add-project]")).ToBeFocusedAsync();
        Assert.Equal(before, await page.Locator("[data-testid=sidebar-project]").CountAsync());
    }

    [Fact]
    public async Task HideProject_ByKeyboard_FocusStaysInTheSidebar()
    {
        await using var desktop = await LivePage.OpenAsync(fixture.Desktop, fixture.Host.DesktopBase);
        var page = desktop.Page;
        var bravo = fixture.Projects["bravo"];
        var hide = page.Locator($"[data-testid=sidebar-project][data-project-id='{bravo}'] [data-testid=hide-project]");
        try
        {
            await hide.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator($"[data-testid=sidebar-project][data-project-id='{bravo}']")).ToHaveCountAsync(0);
            await desktop.WaitForFocusInAsync("#sidebar", "focus fell out of the sidebar after hiding a project");
            Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"));
        }
        finally
        {
            var hidden = page.Locator("[data-testid=hidden-projects]");
            if (await hidden.CountAsync() > 0)
            {
                await hidden.Locator("summary").ClickAsync();
                await hidden.Locator("li", new() { HasText = "bravo" }).Locator("[data-testid=show-project]").ClickAsync();
            }

            await Expect(page.Locator($"[data-testid=sidebar-project][data-project-id='{bravo}']")).ToHaveCountAsync(1);
        }
    }
}
