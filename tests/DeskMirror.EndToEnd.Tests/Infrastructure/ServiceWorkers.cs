using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A context's running service workers. Playwright has <c>context.serviceWorkers()</c> in its other languages and on
/// the .NET class behind <see cref="IBrowserContext"/>, but not on the interface; this reads that property.
/// </summary>
public static class ServiceWorkers
{
    /// <summary>The context's one service worker whose script is <paramref name="scriptUrl"/>; waits until Playwright has attached to it.</summary>
    public static async Task<IWorker> OfAsync(IBrowserContext context, Uri scriptUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var property = context.GetType().GetProperty("ServiceWorkers")
            ?? throw new InvalidOperationException($"{context.GetType()} has no ServiceWorkers property in this Playwright version.");
        using var deadline = new CancellationTokenSource(BrowserFixture.Timeout);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var workers = (IReadOnlyList<IWorker>)property.GetValue(context)!;
            if (workers.FirstOrDefault(w => w.Url == scriptUrl.ToString()) is { } worker)
            {
                return worker;
            }

            // Playwright attaches to a new worker target on its own event loop; there is no public event to wait on.
            await ticks.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false);
        }
    }
}
