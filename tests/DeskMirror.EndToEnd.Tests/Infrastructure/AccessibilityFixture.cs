using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A host of its own that starts with no projects, so the empty workspace is audited first (while it is
/// empty), and then holds what every other page state needs: running, read-only and ended sessions, and a
/// project whose folder is gone. Browsers in English and Arabic, desktop and phone.
/// </summary>
public sealed class AccessibilityFixture : BrowserFixture
{
    protected override IReadOnlyList<string> InitialProjects => [];

    /// <summary>The signed-in browser of each device and language.</summary>
    public IReadOnlyDictionary<(Device Device, string Locale), IBrowserContext> Browsers { get; private set; } = default!;

    /// <summary>What axe found on the empty workspace (every device and language), before anything was added.</summary>
    public AxeAudit EmptyWorkspace { get; } = new();

    public string ProjectId { get; private set; } = "";

    public string FolderGoneProjectId { get; private set; } = "";

    /// <summary>Running, mirror typing allowed.</summary>
    public string TypableSessionId { get; private set; } = "";

    /// <summary>Running, read-only on the mirror.</summary>
    public string ReadOnlySessionId { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Browsers = new Dictionary<(Device, string), IBrowserContext>
        {
            [(Device.Desktop, "en")] = Desktop,
            [(Device.Desktop, "ar")] = await NewSignedInContextAsync(Device.Desktop, "ar"),
            [(Device.Phone, "en")] = Phone,
            [(Device.Phone, "ar")] = await NewSignedInContextAsync(Device.Phone, "ar"),
        };

        foreach (var ((device, locale), context) in Browsers)
        {
            await using var page = await LivePage.OpenAsync(context, BaseFor(device));
            await Assertions.Expect(page.Page.Locator("[data-testid=empty-state]")).ToBeVisibleAsync();
            await EmptyWorkspace.CheckAsync(page.Page, $"{device} {locale}: empty workspace");
            if (device == Device.Desktop)
            {
                await page.Page.ClickAsync("[data-testid=empty-add-project]");
                await Assertions.Expect(page.Page.Locator("[data-testid=add-project-dialog]")).ToBeVisibleAsync();
                await EmptyWorkspace.CheckAsync(page.Page, $"{device} {locale}: add-project dialog from the empty workspace");
            }
        }

        ProjectId = await Host.AddProjectAsync("atlas");
        FolderGoneProjectId = await Host.AddProjectAsync("gone");
        Directory.Delete(Host.ProjectFolder("gone"));
        TypableSessionId = await Host.CreateSessionAsync(ProjectId, "cat", "typing-allowed", mirrorInput: true);
        ReadOnlySessionId = await Host.CreateSessionAsync(ProjectId, "i=0; while [ $i -lt 200 ]; do echo \"line $i\"; i=$((i+1)); done; sleep 600", "read-only", mirrorInput: false);
        await Host.CreateSessionAsync(ProjectId, "exit 3", "ended", mirrorInput: false);
    }

    /// <summary>The desktop listener for the desktop, the mirror (through the proxy) for a phone.</summary>
    public Uri BaseFor(Device device) => device == Device.Desktop ? Host.DesktopBase : Host.MirrorBase;
}
