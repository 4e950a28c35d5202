using System.Text;
using System.Text.Json;
using DeskMirror.TestSupport;
using Microsoft.Playwright;

namespace DeskMirror.Bench.PageLoad;

/// <summary>
/// One page load in a fresh browser context (no cache, no service worker), signed in from a saved cookie:
/// counts TCP connections and bytes from the Chrome DevTools Protocol's network events, and reads the times
/// the page itself recorded (navigation timing, WebSocket opens, the known line drawn in the terminal).
/// </summary>
internal static class LoadProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Installed before any of the page's scripts: wraps WebSocket and EventSource to time their opens, and
    // looks for the known line in the terminal's drawn rows on every animation frame.
    private const string InitScript = """
        (() => {
          const b = window.__bench = { sockets: [], streams: [], interactive: null, output: null };
          const W = window.WebSocket;
          window.WebSocket = class extends W {
            constructor(url, protocols) {
              super(url, protocols);
              const e = { url: String(url), created: performance.now(), open: null };
              b.sockets.push(e);
              this.addEventListener('open', () => { e.open = performance.now(); });
            }
          };
          if (window.EventSource) {
            const E = window.EventSource;
            window.EventSource = class extends E {
              constructor(url, init) {
                super(url, init);
                const e = { url: String(url), created: performance.now(), open: null };
                b.streams.push(e);
                this.addEventListener('open', () => { e.open = performance.now(); });
              }
            };
          }
          const check = () => {
            if (b.interactive === null && document.querySelector('.shell[data-interactive=true]')) b.interactive = performance.now();
            const rows = document.querySelector('.xterm-rows');
            if (b.output === null && rows && rows.textContent.includes('__MARKER__')) b.output = performance.now();
            if (b.output === null || b.interactive === null) requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        })();
        """;

    private const string ReadScript = """
        () => {
          const n = performance.getEntriesByType('navigation')[0];
          const b = window.__bench;
          const first = (list, part) => { const s = list.find(x => x.url.includes(part)); return s ? s.open : null; };
          return {
            dcl: n.domContentLoadedEventEnd,
            load: n.loadEventEnd,
            circuit: first(b.sockets, '/_blazor'),
            stream: first(b.sockets, '/stream'),
            eventSource: b.streams.length ? b.streams[0].open : null,
            interactive: b.interactive,
            output: b.output,
            sockets: b.sockets.length,
            eventSources: b.streams.length,
          };
        }
        """;

    public static async Task<LoadResult> RunAsync(IBrowser browser, string variant, Uri page, string storageState, string marker)
    {
        await using var context = await browser.NewContextAsync(ContextOptions(storageState));
        var tab = await context.NewPageAsync();
        await tab.AddInitScriptAsync(InitScript.Replace("__MARKER__", marker, StringComparison.Ordinal));
        var network = new NetworkTally();
        var cdp = await context.NewCDPSessionAsync(tab);
        network.Attach(cdp);
        await cdp.SendAsync("Network.enable");

        var response = await tab.GotoAsync(page.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = (float)Timeout.TotalMilliseconds });
        if (response is null || response.Status != 200 || !response.Url.StartsWith(page.ToString(), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{variant}: {page} answered {response?.Status} at {response?.Url} (not signed in?)");
        }

        await tab.WaitForFunctionAsync(
            "() => window.__bench && window.__bench.output !== null && window.__bench.interactive !== null && window.__bench.sockets.every(s => s.open !== null)",
            null,
            new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds, PollingInterval = 20 });
        // What the page still fetches after the first output (icons, late scripts) belongs to the page load too.
        await tab.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = (float)Timeout.TotalMilliseconds });
        var times = await tab.EvaluateAsync<JsonElement>(ReadScript);
        var tally = network.Snapshot();
        var kernel = await SocketCensus.ReadAsync(page.Port);
        await context.CloseAsync();
        return new LoadResult(
            variant,
            tally.Connections,
            kernel.Connections,
            kernel.BytesDown,
            kernel.BytesUp,
            tally.Requests,
            tally.WebSockets,
            tally.HttpBytesDown,
            tally.WebSocketBytesDown,
            tally.WebSocketBytesUp,
            Ms(times, "dcl"),
            Ms(times, "circuit"),
            Ms(times, "stream"),
            Ms(times, "eventSource"),
            Ms(times, "interactive"),
            Ms(times, "output"));
    }

    /// <summary>Signs a phone-sized browser in once and returns its cookies, for the loads to start from.</summary>
    public static async Task<string> SignInAsync(IBrowser browser, Uri start, bool withPassword)
    {
        await using var context = await browser.NewContextAsync(ContextOptions(storageState: null));
        var tab = await context.NewPageAsync();
        await tab.GotoAsync(start.ToString(), new PageGotoOptions { Timeout = (float)Timeout.TotalMilliseconds });
        if (withPassword)
        {
            await tab.WaitForURLAsync("**/signin**", new PageWaitForURLOptions { Timeout = (float)Timeout.TotalMilliseconds });
            await tab.FillAsync("#username", DeskMirrorHost.Username);
            await tab.FillAsync("#password", DeskMirrorHost.Password);
            await tab.ClickAsync("[data-testid=signin-submit]");
        }

        await tab.Locator(".shell[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = (float)Timeout.TotalMilliseconds });
        return await context.StorageStateAsync();
    }

    private static BrowserNewContextOptions ContextOptions(string? storageState) => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
        Locale = "en-US",
        StorageState = storageState,
        // The app's service worker would answer repeat loads from its cache; every load here is a first visit.
        ServiceWorkers = ServiceWorkerPolicy.Block,
        // The mirror's certificate comes from the desktop's own authority, which this throw-away browser does not trust.
        IgnoreHTTPSErrors = true,
    };

    private static double? Ms(JsonElement times, string name)
        => times.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? Math.Round(value.GetDouble(), 1) : null;

    /// <summary>Connections and bytes from the CDP Network domain's events (they arrive on Playwright's own thread).</summary>
    private sealed class NetworkTally
    {
        private readonly Lock _gate = new();
        private readonly HashSet<long> _connections = [];
        private readonly Dictionary<string, long> _streamed = [];
        private readonly Dictionary<string, long> _finished = [];
        private int _requests;
        private int _webSockets;
        private long _wsDown;
        private long _wsUp;

        public void Attach(ICDPSession cdp)
        {
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => Locked(() => _requests++);
            cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
            {
                if (e is { } json && json.GetProperty("response").TryGetProperty("connectionId", out var id) && id.GetDouble() > 0)
                {
                    Locked(() => _connections.Add((long)id.GetDouble()));
                }
            };
            cdp.Event("Network.dataReceived").OnEvent += (_, e) =>
            {
                if (e is { } json)
                {
                    var request = json.GetProperty("requestId").GetString()!;
                    var bytes = (long)json.GetProperty("encodedDataLength").GetDouble();
                    Locked(() => _streamed[request] = _streamed.GetValueOrDefault(request) + bytes);
                }
            };
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
            {
                if (e is { } json)
                {
                    var request = json.GetProperty("requestId").GetString()!;
                    var bytes = (long)json.GetProperty("encodedDataLength").GetDouble();
                    Locked(() => _finished[request] = bytes);
                }
            };
            cdp.Event("Network.webSocketCreated").OnEvent += (_, e) => Locked(() => _webSockets++);
            cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) => Frame(e, sent: false);
            cdp.Event("Network.webSocketFrameSent").OnEvent += (_, e) => Frame(e, sent: true);
        }

        public Tally Snapshot()
        {
            lock (_gate)
            {
                // A finished response counts its whole transfer (headers and body); one still open (a stream) what came so far.
                var http = _finished.Values.Sum() + _streamed.Where(s => !_finished.ContainsKey(s.Key)).Sum(s => s.Value);
                // Each WebSocket is a TCP connection of its own, outside the HTTP responses' connection ids.
                return new Tally(_connections.Count + _webSockets, _requests, _webSockets, http, _wsDown, _wsUp);
            }
        }

        private void Frame(JsonElement? e, bool sent)
        {
            if (e is not { } json)
            {
                return;
            }

            var response = json.GetProperty("response");
            var payload = response.GetProperty("payloadData").GetString() ?? string.Empty;
            // Text frames come as text, binary frames base64-encoded.
            long bytes = response.GetProperty("opcode").GetDouble() == 2 ? Base64Length(payload) : Encoding.UTF8.GetByteCount(payload);
            Locked(() =>
            {
                if (sent)
                {
                    _wsUp += bytes;
                }
                else
                {
                    _wsDown += bytes;
                }
            });
        }

        private static long Base64Length(string text) => (text.Length / 4 * 3) - text.Count(c => c == '=');

        private void Locked(Action action)
        {
            lock (_gate)
            {
                action();
            }
        }
    }

    private sealed record Tally(int Connections, int Requests, int WebSockets, long HttpBytesDown, long WebSocketBytesDown, long WebSocketBytesUp);
}
