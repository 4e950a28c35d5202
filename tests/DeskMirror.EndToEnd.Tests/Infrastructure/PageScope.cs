using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The pages one test opens; disposing the scope closes them all, whether the test passed or failed, so a
/// failed test leaves no page (and no circuit on the server) behind for the next one.
/// </summary>
public sealed class PageScope : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];

    /// <summary>A new blank page of <paramref name="context"/>.</summary>
    public async Task<IPage> NewAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        _pages.Add(page);
        return page;
    }

    /// <summary>A page at <paramref name="url"/>, once its circuit is live.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var page = await NewAsync(context);
        await page.GotoAsync(url.ToString());
        await BrowserFixture.WaitInteractiveAsync(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.CloseAsync();
        }
    }
}
