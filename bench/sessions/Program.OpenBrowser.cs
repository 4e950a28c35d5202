using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace DeskMirror.Bench.Sessions;

/// <summary>
/// How long a phone takes to show a session's current screen after it printed 1 MiB, 100 MiB and (optionally) 1 GiB:
/// Debian's Chromium at 390×844 with its CPU slowed (CDP <c>Emulation.setCPUThrottlingRate</c>), signed in to the
/// mirror by a pairing link, loads the session's page, and the page itself records when the terminal was created
/// (the page's boot, the same for every size), when the snapshot arrived, and when xterm.js drew the session's last
/// line. Every open is a new page in the same browser profile; sizes alternate so a noisy moment hits each of them.
/// </summary>
internal static class OpenBrowserBench
{
    private const long MiB = 1024 * 1024;
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(5);

    public static async Task<bool> RunAsync(bool includeGiB, int opens, int cpuRate)
    {
        if (!File.Exists(Chromium))
        {
            Console.Error.WriteLine($"open-browser needs Debian's Chromium at {Chromium} (apt-get install -y chromium)");
            return false;
        }

        List<(string Name, long Bytes)> sizes = [("1 MiB", MiB), ("100 MiB", 100 * MiB)];
        if (includeGiB)
        {
            sizes.Add(("1 GiB", 1024 * MiB));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Opening a session's page in Chromium at 390×844, CPU slowed {cpuRate}×: median of {opens} opens per size, sessions 120×40 with coloured lines"));
        await using var server = await BenchServer.StartAsync(withUi: true);
        var sessions = new List<(string Name, string Id, long Output)>();
        foreach (var (name, bytes) in sizes)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (id, output) = await server.StartPrintedSessionAsync(bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {output} bytes of output, printed and on the server's screen in {watch.Elapsed.TotalSeconds:F1} s"));
            sessions.Add((name, id, output));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        await using var phone = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
            Locale = "en-US",
            // The service worker would answer page loads itself; every open here goes to the server.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        var unthrottledLoop = await SignInAsync(phone, await server.CreatePairingUrlAsync());
        await phone.AddInitScriptAsync(BrowserTimeline.InitScript(BenchServer.PrintedAll));

        // Warm-up: the server's JIT, the first circuits, the browser's cache of the page's scripts.
        foreach (var session in sessions)
        {
            await OpenAsync(server, phone, session.Id, cpuRate, session.Name);
        }

        var opened = sessions.Select(_ => new List<BrowserTimeline>()).ToList();
        for (var round = 0; round < opens; round++)
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                opened[i].Add(await OpenAsync(server, phone, sessions[i].Id, cpuRate, sessions[i].Name));
            }
        }

        Report(sessions.Select(s => s.Name).ToList(), opened, unthrottledLoop, cpuRate);
        return opened.All(list => list.All(o => o.SnapshotBytes > 0 && !double.IsNaN(o.MarkerDrawn) && o.MatchesServer));
    }

    /// <summary>Signs the phone in with the pairing link; returns the busy loop's time on that page, unthrottled.</summary>
    private static async Task<double> SignInAsync(IBrowserContext phone, Uri pairing)
    {
        var page = await phone.NewPageAsync();
        try
        {
            await page.GotoAsync(pairing.ToString());
            await page.Locator(".shell[data-interactive=true]").WaitForAsync(new() { Timeout = 60_000 });
            return await page.EvaluateAsync<double>(BrowserTimeline.Loop);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task<BrowserTimeline> OpenAsync(BenchServer server, IBrowserContext phone, string id, int cpuRate, string name)
    {
        var url = new Uri(server.MirrorBase, $"s/{id}");
        var page = await phone.NewPageAsync();
        try
        {
            var cdp = await phone.NewCDPSessionAsync(page);
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = cpuRate });
            await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.Commit });
            try
            {
                // The page records its own times; polling only decides when to read them.
                await page.WaitForFunctionAsync(BrowserTimeline.Drawn, null, new() { Timeout = (float)OpenTimeout.TotalMilliseconds, PollingInterval = 250 });
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"the {name} session's last line was not drawn within {OpenTimeout.TotalMinutes} minutes", ex);
            }

            var recorded = await page.EvaluateAsync<JsonElement>(BrowserTimeline.Read);
            var loop = await page.EvaluateAsync<double>(BrowserTimeline.Loop);
            var shown = await page.EvaluateAsync<string[]>(BrowserTimeline.ScreenRows);
            // Compared without trailing spaces: xterm.js keeps a space that was written as text, the server's rows drop it.
            var expected = (await server.ReadScreenAsync(id)).Select(r => r.TrimEnd(' '));
            var same = shown.Select(r => r.TrimEnd(' ')).SequenceEqual(expected);
            if (!same)
            {
                Console.WriteLine($"  {name}: the page's screen differs from the server's:\n    {string.Join("\n    ", shown)}");
            }

            return BrowserTimeline.From(recorded, loop, same);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static void Report(List<string> names, List<List<BrowserTimeline>> opened, double unthrottledLoop, int cpuRate)
    {
        var loops = opened.SelectMany(l => l).Select(o => o.LoopMs).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU check: a fixed loop took {unthrottledLoop:F0} ms unthrottled, median {Median(loops):F0} ms on the pages measured ({Median(loops) / unthrottledLoop:F1}×, rate {cpuRate})"));
        Console.WriteLine("Times in ms from the page's navigation start, medians (the p90 of the last line drawn in brackets).");
        Console.WriteLine("| output before opening | snapshot bytes | terminal created (page boot) | snapshot received | last line drawn | drawn − snapshot received | drawn − terminal created | ratio drawn to 1 MiB | ratio (drawn − created) to 1 MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var drawn = opened.Select(l => Median(l.Select(o => o.MarkerDrawn).ToList())).ToList();
        var afterBoot = opened.Select(l => Median(l.Select(o => o.MarkerDrawn - o.TerminalCreated).ToList())).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var list = opened[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[i]} | {list[^1].SnapshotBytes} | {Median(list.Select(o => o.TerminalCreated).ToList()):F0} | {Median(list.Select(o => o.SnapshotReceived).ToList()):F0} | {drawn[i]:F0} ({Percentile(list.Select(o => o.MarkerDrawn).ToList(), 0.9):F0}) | {Median(list.Select(o => o.MarkerDrawn - o.SnapshotReceived).ToList()):F0} | {afterBoot[i]:F0} | {drawn[i] / drawn[0]:F2} | {afterBoot[i] / afterBoot[0]:F2} |"));
        }

        var matching = opened.SelectMany(l => l).Count(o => o.MatchesServer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The page's screen equals the server's after {matching} of {opened.Sum(l => l.Count)} opens."));
        for (var i = 1; i < names.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[i]} / {names[0]}: {drawn[i] / drawn[0]:F2} (goal ≤ 1.5)"));
        }
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double at)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(at * (sorted.Count - 1)))];
    }
}
