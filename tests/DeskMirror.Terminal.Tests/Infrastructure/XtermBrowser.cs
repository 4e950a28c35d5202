using System.Text.Json;
using Microsoft.Playwright;

namespace DeskMirror.Terminal.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium with a page holding xterm.js 6.0 and its unicode11 addon (the versions the UI
/// serves), shared by a test class. Terminals are created, fed and read through Browser/harness.js.
/// </summary>
public sealed class XtermBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage? _page;

    private IPage Page => _page ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        }).DefaultTimeout("Chromium to start");
        _page = await _browser.NewPageAsync();
        await _page.SetContentAsync("<!doctype html><html><body></body></html>");
        var modules = Path.Combine(TestAssets.BrowserFolder, "node_modules", "@xterm");
        await _page.AddScriptTagAsync(new() { Path = Path.Combine(modules, "xterm", "lib", "xterm.js") });
        await _page.AddScriptTagAsync(new() { Path = Path.Combine(modules, "addon-unicode11", "lib", "addon-unicode11.js") });
        await _page.AddScriptTagAsync(new() { Path = Path.Combine(TestAssets.BrowserFolder, "harness.js") });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh xterm.js terminal (unicode 11 widths, title stack on) fed <paramref name="data"/>; returns its id.</summary>
    public async Task<int> CreateAsync(int columns, int rows, int scrollback, ReadOnlyMemory<byte> data)
    {
        var id = await Page.EvaluateAsync<int>("([c, r, s]) => deskmirror.create(c, r, s)", new[] { columns, rows, scrollback });
        if (data.Length > 0)
        {
            await WriteAsync(id, data);
        }

        return id;
    }

    public Task WriteAsync(int id, ReadOnlyMemory<byte> data) =>
        Page.EvaluateAsync("([id, b]) => deskmirror.write(id, b)", new object[] { id, Convert.ToBase64String(data.Span) })
            .DefaultTimeout("xterm.js to finish a write");

    internal async Task<ScreenDump> DumpAsync(int id)
    {
        var json = await Page.EvaluateAsync<JsonElement>("id => deskmirror.dump(id)", id);
        return json.Deserialize(DumpJsonContext.Default.ScreenDump)!;
    }

    public Task ResizeAsync(int id, int columns, int rows) =>
        Page.EvaluateAsync("([id, c, r]) => deskmirror.resize(id, c, r)", new[] { id, columns, rows });

    public Task ReleaseAsync(int id) => Page.EvaluateAsync("id => deskmirror.dispose(id)", id);

    /// <summary>Runs a script in the page (for checks that need xterm.js itself).</summary>
    public Task<T> EvaluateAsync<T>(string expression, object? argument = null) => Page.EvaluateAsync<T>(expression, argument);
}
