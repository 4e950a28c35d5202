using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// "Needs you" against the real desktop process: a session waiting for input reaches a LAN device through the real
/// mirror proxy as an event and leaves it when the device answers; in Chromium it is listed atop the sidebar with the
/// count in the title, and opening it clears it; a notification's link opens the phone's line box ready to answer.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class NeedsYouTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Mirror_ThroughTheProxy_AttentionArrives_InputFromTheMirrorClearsIt_TerminalsNeverShow()
    {
        using var desktop = Client(fixture.Host.DesktopBase);
        using var mirror = Client(fixture.Host.MirrorBase);
        await using var desktopEvents = await EventStream.OpenAsync(desktop);
        await using var mirrorEvents = await EventStream.OpenAsync(mirror);

        // A terminal's shell waits at its prompt: the desktop is told; its events never reach the mirror.
        var terminal = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "", "shell", mirrorInput: false, kind: "terminal");
        await desktopEvents.ReadUntilAsync("session.attention", e => Id(e) == terminal);

        var task = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "printf 'Continue? '; read answer; echo \"got $answer\"; sleep 60", "ask", mirrorInput: true);
        var raised = await mirrorEvents.ReadUntilAsync("session.attention", e => Id(e) == task);
        Assert.Equal("input", raised["reason"]!.GetValue<string>());
        Assert.Equal("Continue?", raised["message"]!.GetValue<string>());

        using (var input = await mirror.PostAsJsonAsync($"session/{task}/input", new { data = "yes\r" }).DefaultTimeout("mirror input"))
        {
            input.EnsureSuccessStatusCode();
        }

        await mirrorEvents.ReadUntilAsync("session.updated", e => Id(e) == task && e["attention"] is null);
        Assert.DoesNotContain(terminal, mirrorEvents.Seen);
        var listed = JsonNode.Parse(await mirror.GetStringAsync($"session/{task}").DefaultTimeout("GET session on the mirror"))!;
        Assert.Null(listed["attention"]);
    }

    [Fact]
    public async Task Desktop_SessionWaitingForInput_ListedWithTheCountInTheTitle_OpeningItClearsIt()
    {
        var context = await fixture.NewSignedInContextAsync(Device.Desktop, "en-US");
        var page = await BrowserFixture.OpenAsync(context, fixture.Host.DesktopBase);
        var id = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "printf 'Deploy to production? '; read answer; sleep 60", "deploy", mirrorInput: false);

        var item = page.Locator($"[data-testid=needs-you-item][data-session-id='{id}']");
        await Expect(item).ToContainTextAsync("Deploy to production?");
        await Expect(page.Locator($"[data-testid=sidebar-session][data-session-id='{id}'] [data-testid=attention-badge]")).ToHaveAttributeAsync("data-reason", "input");
        var shown = await page.Locator("[data-testid=needs-you-item]").CountAsync();
        await Expect(page).ToHaveTitleAsync(new Regex($"^\\({shown}\\) "));

        await item.ClickAsync();

        await Expect(page.Locator("[data-testid=session-page]")).ToHaveAttributeAsync("data-session-id", id);
        await Expect(item).ToHaveCountAsync(0);
        await Expect(page.Locator($"[data-testid=sidebar-session][data-session-id='{id}'] [data-testid=attention-badge]")).ToHaveCountAsync(0);
        await Expect(page).Not.ToHaveTitleAsync(new Regex($"^\\({shown}\\) "));
        Assert.Null((await fixture.Host.ListSessionsAsync()).Single(s => s!["id"]!.GetValue<string>() == id)!["attention"]);
    }

    [Fact]
    public async Task Desktop_NotificationsAllowed_ShowsABrowserNotificationWithTheProgramsWords()
    {
        var context = await fixture.NewSignedInContextAsync(Device.Desktop, "en-US");
        await context.GrantPermissionsAsync(["notifications"]);
        var page = await BrowserFixture.OpenAsync(context, fixture.Host.DesktopBase);
        // There is no event for "a notification is up": the page's Notification constructor (what it uses without an
        // active service worker, as in these tests' browsers) is wrapped to tell. Other sessions of this host may notify
        // meanwhile (an earlier test's session ending): each is waited for by its tag.
        await page.EvaluateAsync<bool>("""
            () => {
              const shown = [];
              const waiting = [];
              const Native = window.Notification;
              function Told(title, options) {
                const made = new Native(title, options);
                const notice = { title, body: options.body, tag: options.tag, url: options.data.url };
                shown.push(notice);
                waiting.forEach((wake) => wake(notice));
                return made;
              }
              Object.defineProperty(Told, 'permission', { get: () => Native.permission });
              Told.requestPermission = (...args) => Native.requestPermission(...args);
              window.Notification = Told;
              window.deskmirrorShown = (tag) => new Promise((resolve) => {
                const found = shown.find((n) => n.tag === tag);
                if (found) resolve(found);
                else waiting.push((n) => { if (n.tag === tag) resolve(n); });
              });
              return true;
            }
            """).DefaultTimeout("wrapping the page's notifications");

        var id = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "printf '\\033]9;Tests passed\\007'; sleep 60", "ci", mirrorInput: false);

        var shown = await page.EvaluateAsync<JsonElement>("tag => window.deskmirrorShown(tag)", $"session-{id}").DefaultTimeout("the page's notification");
        Assert.Equal("ci · alpha", shown.GetProperty("title").GetString());
        Assert.Equal("Tests passed", shown.GetProperty("body").GetString());
        Assert.Equal($"session-{id}", shown.GetProperty("tag").GetString());
        Assert.Equal($"/s/{id}", shown.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Phone_OpenedFromANotification_HasTheLineBoxReady()
    {
        var id = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "printf 'Proceed? [y/N] '; read answer; echo \"answer=$answer\"; sleep 60", "proceed", mirrorInput: true);
        var context = await fixture.NewSignedInContextAsync(Device.Phone, "en-US");

        var page = await BrowserFixture.OpenAsync(context, new Uri(fixture.Host.MirrorBase, $"s/{id}?reply=1"));

        var line = page.Locator("[data-testid=phone-line]");
        await Expect(line).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("y");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=terminal] .xterm-rows")).ToContainTextAsync("answer=y");
    }

    private static HttpClient Client(Uri site)
    {
        var client = new HttpClient { BaseAddress = site, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DeskMirrorHost.Username}:{DeskMirrorHost.Password}")));
        return client;
    }

    private static string? Id(JsonObject properties) => properties["id"]?.GetValue<string>();

    /// <summary>A live <c>GET /event</c> read event by event; remembers every session id it carried.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public HashSet<string> Seen { get; } = [];

        public static async Task<EventStream> OpenAsync(HttpClient client)
        {
            var response = await client.GetAsync("event", HttpCompletionOption.ResponseHeadersRead).DefaultTimeout("GET /event");
            response.EnsureSuccessStatusCode();
            var stream = new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
            await stream.ReadUntilAsync("server.connected", _ => true);
            return stream;
        }

        /// <summary>The properties of the first event of <paramref name="type"/> that <paramref name="match"/> accepts.</summary>
        public async Task<JsonObject> ReadUntilAsync(string type, Func<JsonObject, bool> match)
        {
            using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
            string? name = null;
            while (true)
            {
                string? line;
                try
                {
                    line = await _reader.ReadLineAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"No {type} event that matched arrived on /event.");
                }

                if (line is null)
                {
                    throw new InvalidOperationException("The event stream ended.");
                }

                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    var properties = JsonNode.Parse(line[5..])?["properties"] as JsonObject ?? [];
                    if (properties["id"]?.GetValue<string>() is { } id)
                    {
                        Seen.Add(id);
                    }

                    if (name == type && match(properties))
                    {
                        return properties;
                    }
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
