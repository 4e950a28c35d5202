using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One real host and one Debian Chromium for the whole run: a desktop browser (signed in with the launch
/// link), a desktop-sized mirror browser (signed in through the sign-in page, over the proxy) and a
/// phone-sized mirror browser (signed in by a pairing link, as a scanned QR code would).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public DeskMirrorHost Host { get; private set; } = default!;

    public IBrowserContext Desktop { get; private set; } = default!;

    public IBrowserContext Mirror { get; private set; } = default!;

    public IBrowserContext Phone { get; private set; } = default!;

    /// <summary>Projects created at start, in creation order: name → id.</summary>
    public IReadOnlyDictionary<string, string> Projects { get; private set; } = new Dictionary<string, string>();

    /// <summary>tests/DeskMirror.EndToEnd.Tests/TestResults/screenshots.</summary>
    public string ScreenshotFolder { get; } = FindScreenshotFolder();

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        Host = await DeskMirrorHost.StartAsync();
        var projects = new Dictionary<string, string>();
        foreach (var name in new[] { "alpha", "bravo", "charlie" })
        {
            projects[name] = await Host.AddProjectAsync(name);
        }

        Projects = projects;

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });

        Desktop = await NewContextAsync(new ViewportSize { Width = 1360, Height = 860 }, mobile: false);
        var desktop = await Desktop.NewPageAsync();
        await desktop.GotoAsync(Host.DesktopLaunchUrl.ToString());
        await WaitInteractiveAsync(desktop);
        await desktop.CloseAsync();

        Mirror = await NewContextAsync(new ViewportSize { Width = 1280, Height = 800 }, mobile: false);
        var mirror = await Mirror.NewPageAsync();
        await mirror.GotoAsync(Host.MirrorBase.ToString());
        // Not signed in: the server sends the browser to the localized sign-in page.
        await mirror.WaitForURLAsync("**/signin**");
        await mirror.FillAsync("#username", DeskMirrorHost.Username);
        await mirror.FillAsync("#password", DeskMirrorHost.Password);
        await mirror.ClickAsync("[data-testid=signin-submit]");
        await WaitInteractiveAsync(mirror);
        await mirror.CloseAsync();

        Phone = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 }, mobile: true);
        var phone = await Phone.NewPageAsync();
        await phone.GotoAsync((await Host.CreatePairingUrlAsync()).ToString());
        await WaitInteractiveAsync(phone);
        await phone.CloseAsync();
    }

    private Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool mobile)
        => _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = mobile ? 2 : 1,
            Locale = "en-US",
        });

    /// <summary>Waits until the page's circuit is connected (the layout marks itself live).</summary>
    public static async Task WaitInteractiveAsync(IPage page)
        => await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = (float)Timeout.TotalMilliseconds });

    public Task ScreenshotAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = false });

    private static string FindScreenshotFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DeskMirror.EndToEnd.Tests.csproj")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? AppContext.BaseDirectory;
        return Directory.CreateDirectory(Path.Combine(root, "TestResults", "screenshots")).FullName;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "DeskMirror in Chromium";
}
