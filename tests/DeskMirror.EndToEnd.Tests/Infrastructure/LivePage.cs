using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>A page opened and live (its circuit connected), closed by <c>await using</c> whatever the test's outcome.</summary>
public sealed class LivePage : IAsyncDisposable
{
    private LivePage(IPage page) => Page = page;

    public IPage Page { get; }

    /// <summary>Opens <paramref name="url"/> in <paramref name="context"/> and waits until the page is live.</summary>
    public static async Task<LivePage> OpenAsync(IBrowserContext context, Uri url)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = new LivePage(await context.NewPageAsync());
        try
        {
            await page.Page.GotoAsync(url.ToString());
            await BrowserFixture.WaitInteractiveAsync(page.Page);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new page that is not opened yet (to set routes or scripts first).</summary>
    public static async Task<LivePage> NewAsync(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LivePage(await context.NewPageAsync());
    }

    /// <summary>Goes to <paramref name="url"/> in this page and waits until it is live again.</summary>
    public async Task GotoAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        await Page.GotoAsync(url.ToString());
        await BrowserFixture.WaitInteractiveAsync(Page);
    }

    /// <summary>Whether focus is inside the element <paramref name="selector"/> matches.</summary>
    public Task<bool> FocusIsInAsync(string selector)
        => Page.EvaluateAsync<bool>("selector => !!document.activeElement && !!document.activeElement.closest(selector)", selector);

    /// <summary>Waits until focus is inside the element <paramref name="selector"/> matches (focus that the UI moves after a render).</summary>
    public async Task WaitForFocusInAsync(string selector, string what)
    {
        try
        {
            await Page.WaitForFunctionAsync(
                "selector => !!document.activeElement && !!document.activeElement.closest(selector)",
                selector,
                new PageWaitForFunctionOptions { Timeout = (float)BrowserFixture.Timeout.TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{what}: focus is on {await Page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing'")}", e);
        }
    }

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
