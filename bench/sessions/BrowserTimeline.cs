using System.Text.Json;

namespace DeskMirror.Bench.Sessions;

/// <summary>
/// What one open of a session page took in the browser, in ms from the page's navigation start (its
/// <c>performance.timeOrigin</c>), as the page itself recorded it: the figures do not include Playwright's round trips.
/// </summary>
internal sealed record BrowserTimeline(double TerminalCreated, double SnapshotStarted, double SnapshotReceived, double MarkerParsed, double MarkerDrawn, long SnapshotBytes, long StreamBytes, double LoopMs, bool MatchesServer)
{
    /// <summary>
    /// Installed before the page's own scripts: watches the session stream's WebSocket (snapshot header and bytes),
    /// catches the xterm.js terminal when the page hands it to its host element, and notes when the marker is first
    /// in the terminal's screen (write parsed) and first drawn (render). Everything lands in <c>window.__openBench</c>.
    /// </summary>
    public static string InitScript(string marker) => """
        (() => {
          const t = window.__openBench = { bytes: 0 };
          const marker = MARKER;
          const now = () => performance.now();
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              if (!String(url).includes('/stream')) return;
              this.addEventListener('message', (event) => {
                if (typeof event.data === 'string') {
                  const message = JSON.parse(event.data);
                  if (message.type === 'snapshot' && t.snapshotStarted === undefined) {
                    t.snapshotStarted = now();
                    t.snapshotLength = message.length;
                    if (message.length === 0) t.snapshotReceived = t.snapshotStarted;
                  }
                  return;
                }
                t.bytes += event.data.byteLength;
                if (t.snapshotReceived === undefined && t.snapshotLength !== undefined && t.bytes >= t.snapshotLength) t.snapshotReceived = now();
              });
            }
          };
          const shows = (term) => {
            const buffer = term.buffer.active;
            for (let y = 0; y < term.rows; y++) if (buffer.getLine(buffer.baseY + y)?.translateToString(true).includes(marker)) return true;
            return false;
          };
          Object.defineProperty(HTMLElement.prototype, '__deskmirrorTerminal', {
            configurable: true,
            set(term) {
              Object.defineProperty(this, '__deskmirrorTerminal', { value: term, writable: true, configurable: true });
              if (t.terminalCreated === undefined) t.terminalCreated = now();
              term.onWriteParsed(() => { if (t.markerParsed === undefined && shows(term)) t.markerParsed = now(); });
              term.onRender(() => { if (t.markerDrawn === undefined && shows(term)) t.markerDrawn = now(); });
            },
          });
        })();
        """.Replace("MARKER", JsonSerializer.Serialize(marker), StringComparison.Ordinal);

    /// <summary>Whether the marker has been drawn.</summary>
    public const string Drawn = "() => window.__openBench?.markerDrawn !== undefined";

    /// <summary>A fixed busy loop timed in the page: shows that the CPU slow-down is in force on the page measured.</summary>
    public const string Loop = """
        () => {
          const start = performance.now();
          let x = 0;
          for (let i = 0; i < 3000000; i++) x = (x + i * 7) % 1000003;
          window.__openBenchSink = x;
          return performance.now() - start;
        }
        """;

    public const string Read = "() => window.__openBench";

    /// <summary>The terminal's screen rows (below its scrollback) as xterm.js holds them, trailing spaces trimmed.</summary>
    public const string ScreenRows = """
        () => {
          const term = document.querySelector('[data-testid=terminal] .terminal-host').__deskmirrorTerminal;
          const buffer = term.buffer.active;
          const rows = [];
          for (let y = 0; y < term.rows; y++) rows.push(buffer.getLine(buffer.baseY + y)?.translateToString(true) ?? '');
          return rows;
        }
        """;

    public static BrowserTimeline From(JsonElement recorded, double loopMs, bool matchesServer)
    {
        double At(string name) => recorded.TryGetProperty(name, out var value) ? value.GetDouble() : double.NaN;
        return new BrowserTimeline(
            At("terminalCreated"),
            At("snapshotStarted"),
            At("snapshotReceived"),
            At("markerParsed"),
            At("markerDrawn"),
            recorded.TryGetProperty("snapshotLength", out var length) ? length.GetInt64() : -1,
            recorded.GetProperty("bytes").GetInt64(),
            loopMs,
            matchesServer);
    }
}
