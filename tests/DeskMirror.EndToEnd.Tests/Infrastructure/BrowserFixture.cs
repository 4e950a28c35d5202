using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One real host and one Debian Chromium for the whole run: a desktop browser (signed in with the launch
/// link), a desktop-sized mirror browser (signed in through the sign-in page, over the proxy) and a
/// phone-sized mirror browser (signed in by a pairing link, as a scanned QR code would). More browsers,
/// in another language, come from <see cref="NewSignedInContextAsync"/>.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>The phone's viewport: 390 × 844 CSS pixels, touch, twice the pixel density.</summary>
    public static readonly ViewportSize PhoneSize = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize DesktopSize = new() { Width = 1360, Height = 860 };

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<IBrowserContext> _extraContexts = [];
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

    /// <summary>The projects added before any browser opens.</summary>
    protected virtual IReadOnlyList<string> InitialProjects => ["alpha", "bravo", "charlie"];

    public virtual async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        Host = await DeskMirrorHost.StartAsync();
        var projects = new Dictionary<string, string>();
        foreach (var name in InitialProjects)
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

        Desktop = await NewContextAsync(DesktopSize, mobile: false);
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

        Phone = await NewContextAsync(PhoneSize, mobile: true);
        var phone = await Phone.NewPageAsync();
        await phone.GotoAsync((await Host.CreatePairingUrlAsync()).ToString());
        await WaitInteractiveAsync(phone);
        await phone.CloseAsync();
    }

    private Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool mobile, string locale = "en-US", string? storageState = null)
        => _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport,
            IsMobile = mobile,
            HasTouch = mobile,
            DeviceScaleFactor = mobile ? 2 : 1,
            Locale = locale,
            StorageState = storageState,
            // 127.0.0.1 is a secure context, so the app's service worker would register and answer page loads
            // itself, out of reach of Playwright's routes; the installable app has its own tests (PwaTests).
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });

    /// <summary>
    /// Another signed-in browser whose Accept-Language is <paramref name="locale"/>: the desktop (sharing
    /// the desktop browser's sign-in) or a phone on the mirror (signed in by a new pairing link). Closed
    /// with the fixture.
    /// </summary>
    public async Task<IBrowserContext> NewSignedInContextAsync(Device device, string locale)
    {
        IBrowserContext context;
        if (device == Device.Desktop)
        {
            context = await NewContextAsync(DesktopSize, mobile: false, locale, await Desktop.StorageStateAsync());
        }
        else
        {
            context = await NewContextAsync(PhoneSize, mobile: true, locale);
            var page = await context.NewPageAsync();
            try
            {
                await page.GotoAsync((await Host.CreatePairingUrlAsync()).ToString());
                await WaitInteractiveAsync(page);
            }
            finally
            {
                await page.CloseAsync();
            }
        }

        lock (_extraContexts)
        {
            _extraContexts.Add(context);
        }

        return context;
    }

    /// <summary>A browser with no sign-in at all, for the sign-in page itself.</summary>
    public async Task<IBrowserContext> NewSignedOutContextAsync(Device device, string locale = "en-US")
    {
        var context = await NewContextAsync(device == Device.Desktop ? DesktopSize : PhoneSize, mobile: device == Device.Phone, locale);
        lock (_extraContexts)
        {
            _extraContexts.Add(context);
        }

        return context;
    }

    /// <summary>Waits until the page's circuit is connected (the layout marks itself live).</summary>
    public static async Task WaitInteractiveAsync(IPage page)
        => await Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = (float)Timeout.TotalMilliseconds });

    /// <summary>Opens a page of a context and waits for it to be live.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>A screenshot in <see cref="ScreenshotFolder"/>, kept as a test artefact.</summary>
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

    public virtual async Task DisposeAsync()
    {
        foreach (var context in _extraContexts)
        {
            await context.CloseAsync();
        }

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

/// <summary>What kind of browser: a desktop window on the desktop listener, or a phone on the mirror.</summary>
public enum Device
{
    Desktop,
    Phone,
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "DeskMirror in Chromium";
}
