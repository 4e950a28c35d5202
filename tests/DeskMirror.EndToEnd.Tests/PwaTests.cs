using System.Text.Json;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// The installable app in Debian's Chromium, against the real host: the manifest, the service worker in a secure
/// context (http://127.0.0.1 is one), its offline page, a push shown as a notification and a click on it, and
/// what a plain-http LAN page says about notifications.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class PwaTests(BrowserFixture fixture)
{
    private const string WaitForControl = """
        async () => {
          const registration = await navigator.serviceWorker.ready;
          if (!navigator.serviceWorker.controller) {
            await new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
          }
          return { scope: registration.scope, script: registration.active.scriptURL, state: registration.active.state };
        }
        """;

    [Fact]
    public async Task Manifest_IsValidForChromium_AndEveryIconLoadsAtItsSize()
    {
        await using var context = await NewDesktopContextAsync();
        var page = await OpenAsync(context, fixture.Host.DesktopBase);
        var cdp = await context.NewCDPSessionAsync(page);

        var manifest = (await cdp.SendAsync("Page.getAppManifest"))!.Value;
        var installability = (await cdp.SendAsync("Page.getInstallabilityErrors"))!.Value;

        Assert.Equal(new Uri(fixture.Host.DesktopBase, "manifest.webmanifest").ToString(), manifest.GetProperty("url").GetString());
        Assert.Equal(0, manifest.GetProperty("errors").GetArrayLength());
        // Playwright's contexts are incognito profiles, where Chromium never offers an install; nothing else may stand in the way.
        var blockers = installability.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.GetProperty("errorId").GetString()).ToList();
        Assert.Equal(["in-incognito"], blockers);
        // Fetched as the browser fetches a manifest: without cookies.
        var json = await page.EvaluateAsync<JsonElement>("async () => (await fetch('/manifest.webmanifest', { credentials: 'omit' })).json()").DefaultTimeout("fetching the manifest");
        Assert.Equal("DeskMirror", json.GetProperty("name").GetString());
        Assert.Equal("DeskMirror", json.GetProperty("short_name").GetString());
        Assert.Equal("/", json.GetProperty("start_url").GetString());
        Assert.Equal("/", json.GetProperty("scope").GetString());
        Assert.Equal("standalone", json.GetProperty("display").GetString());
        Assert.Equal("#0f1419", json.GetProperty("theme_color").GetString());
        Assert.Equal("#0f1419", json.GetProperty("background_color").GetString());
        var icons = json.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("purpose").GetString() == "maskable" && i.GetProperty("sizes").GetString() == "512x512");
        Assert.Contains(icons, i => i.GetProperty("purpose").GetString() == "any" && i.GetProperty("sizes").GetString() == "192x192");
        foreach (var icon in icons)
        {
            var size = await page.EvaluateAsync<string>(
                "src => new Promise((resolve, reject) => { const i = new Image(); i.onload = () => resolve(`${i.naturalWidth}x${i.naturalHeight}`); i.onerror = reject; i.src = src; })",
                icon.GetProperty("src").GetString()).DefaultTimeout($"loading {icon.GetProperty("src").GetString()}");
            Assert.Equal(icon.GetProperty("sizes").GetString(), size);
        }
    }

    [Fact]
    public async Task ServiceWorker_InASecureContext_RegistersActivatesAndControlsThePage()
    {
        await using var context = await NewDesktopContextAsync();
        var page = await OpenAsync(context, fixture.Host.DesktopBase);

        var registration = await ControlledAsync(page);

        Assert.True(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.Equal(fixture.Host.DesktopBase.ToString(), registration.GetProperty("scope").GetString());
        Assert.Equal(new Uri(fixture.Host.DesktopBase, "sw.js").ToString(), registration.GetProperty("script").GetString());
        Assert.Equal("activated", registration.GetProperty("state").GetString());
        await page.ClickAsync("[data-testid=notifications-button]");
        await Expect(page.Locator("[data-testid=notifications-popover]")).ToHaveAttributeAsync("data-state", "off");
        await Expect(page.Locator("[data-testid=notifications-enable]")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "desktop-notifications");
    }

    [Fact]
    public async Task EnableNotifications_WithoutAReachablePushService_SaysItFailed_AndStoresNothing()
    {
        await using var context = await NewDesktopContextAsync();
        var page = await OpenAsync(context, fixture.Host.DesktopBase);
        await ControlledAsync(page);

        await page.ClickAsync("[data-testid=notifications-button]");
        await page.ClickAsync("[data-testid=notifications-enable]");

        // Permission is granted, the worker is active and the key is fetched; the browser's own push service is
        // out of reach here, so pushManager.subscribe fails and the panel says so.
        await Expect(page.Locator("[data-testid=notifications-popover]")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.Locator("[data-testid=notifications-status]")).ToHaveTextAsync("Notifications could not be turned on. Check the connection and try again.");
        await Expect(page.Locator("[data-testid=notifications-enable]")).ToBeEnabledAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('deskmirror.push.subscriptionId')"));
    }

    [Fact]
    public async Task Subscription_PostedByThePageWithItsCookie_IsStoredAndDeleted()
    {
        // What push.js sends once pushManager.subscribe has answered (the browser's push service is out of reach
        // here, so the subscription is made up, with a real P-256 key): the cookie, Origin and body checks pass.
        await using var context = await NewContextAsync(fixture.Host.MirrorBase);
        var page = await OpenAsync(context, fixture.Host.MirrorBase);
        var statuses = await page.EvaluateAsync<int[]>("""
            async () => {
              const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
              const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
              const subscription = {
                endpoint: 'http://127.0.0.1:9/made-up-channel', expirationTime: null,
                keys: { p256dh: b64(await crypto.subtle.exportKey('raw', pair.publicKey)), auth: b64(crypto.getRandomValues(new Uint8Array(16))) },
              };
              const post = () => fetch('/push/subscription', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(subscription) });
              const created = await post();
              const { id } = await created.json();
              const again = await post();
              const removed = await fetch(`/push/subscription/${id}`, { method: 'DELETE' });
              return [created.status, again.status, removed.status];
            }
            """).DefaultTimeout("the push subscription requests");

        Assert.Equal([201, 200, 204], statuses);
    }

    [Fact]
    public async Task OfflinePage_WhenTheServerCannotBeReached_IsServedByTheWorker_AndOnlyTheShellIsCached()
    {
        await using var context = await NewDesktopContextAsync();
        var page = await OpenAsync(context, fixture.Host.DesktopBase);
        await ControlledAsync(page);

        await context.SetOfflineAsync(true);
        await page.GotoAsync(new Uri(fixture.Host.DesktopBase, "p/any-project").ToString());

        await Expect(page.Locator("[data-testid=offline-page] h1")).ToHaveTextAsync("The desktop is not reachable");
        Assert.Equal(new Uri(fixture.Host.DesktopBase, "p/any-project").ToString(), page.Url);
        var cached = await page.EvaluateAsync<string[]>("""
            async () => {
              const names = await caches.keys();
              const urls = [];
              for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(name.split('-').slice(0, 2).join('-') + ' ' + new URL(request.url).pathname);
              return urls.sort();
            }
            """).DefaultTimeout("reading the worker's caches");
        Assert.Equal(["deskmirror-shell /offline", "deskmirror-shell /pwa/badge-96.png", "deskmirror-shell /pwa/icon-192.png"], cached);
        await fixture.ScreenshotAsync(page, "offline-page");

        // Back online, the offline page reloads the address by itself: the real page comes back.
        await context.SetOfflineAsync(false);
        await BrowserFixture.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=offline-page]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Notification_FromAPush_ShowsTheSession_AndAClickOpensItsPage()
    {
        var projectId = fixture.Projects["alpha"];
        var sessionId = await fixture.Host.CreateSessionAsync(projectId, "echo waiting; sleep 120", "needs-you", mirrorInput: false);
        await using var context = await NewDesktopContextAsync();
        var page = await OpenAsync(context, new Uri(fixture.Host.DesktopBase, $"p/{projectId}"));
        await ControlledAsync(page);
        var cdp = await context.NewCDPSessionAsync(page);
        var registrationId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdp.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, e) =>
        {
            foreach (var registration in e!.Value.GetProperty("registrations").EnumerateArray())
            {
                if (!registration.GetProperty("isDeleted").GetBoolean() && registration.GetProperty("scopeURL").GetString() == fixture.Host.DesktopBase.ToString())
                {
                    registrationId.TrySetResult(registration.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await cdp.SendAsync("ServiceWorker.enable");
        var payload = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["sessionId"] = sessionId,
            ["title"] = "needs-you",
            ["reason"] = "input",
            ["message"] = "Proceed? [y/N]",
            ["url"] = $"/s/{sessionId}",
        });

        // The worker that will get the push, watched before the push is sent: its showNotification is wrapped so the
        // test learns the moment the notification is up (there is no event for that), however long a loaded machine
        // takes to wake the worker and fetch the icons.
        var worker = await ServiceWorkers.OfAsync(context, new Uri(fixture.Host.DesktopBase, "sw.js"));
        await worker.EvaluateAsync<bool>("""
            () => {
              const registration = self.registration;
              const show = registration.showNotification;
              self.deskmirrorShown = new Promise((resolve, reject) => {
                registration.showNotification = function (title, options) {
                  const shown = show.call(this, title, options);
                  shown.then(() => resolve(options.tag), reject);
                  return shown;
                };
              });
              return true;
            }
            """);

        // A push as the browser's push service would deliver it: the worker's real push handler runs.
        await cdp.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
        {
            ["origin"] = fixture.Host.DesktopBase.GetLeftPart(UriPartial.Authority),
            ["registrationId"] = await registrationId.Task.WaitAsync(BrowserFixture.Timeout),
            ["data"] = payload,
        });
        var tag = await worker.EvaluateAsync<string>("() => self.deskmirrorShown").DefaultTimeout("the worker to show the pushed notification");
        Assert.Equal($"session-{sessionId}", tag);
        var shown = await worker.EvaluateAsync<JsonElement>("""
            async (tag) => {
              const [n] = await self.registration.getNotifications({ tag });
              return n ? { title: n.title, body: n.body, tag: n.tag, url: n.data.url, icon: n.icon } : null;
            }
            """, tag).DefaultTimeout("reading the shown notification");
        Assert.Equal(JsonValueKind.Object, shown.ValueKind);

        Assert.Equal("needs-you", shown.GetProperty("title").GetString());
        Assert.Equal("Proceed? [y/N]", shown.GetProperty("body").GetString());
        Assert.Equal($"/s/{sessionId}", shown.GetProperty("url").GetString());

        // No automation interface can click a system notification. The click is dispatched inside the worker on
        // the real notification, so the worker's own notificationclick handler runs; a script-made event has no
        // waitUntil of its own, so its promise is taken over here and awaited.
        var opened = await worker.EvaluateAsync<string>("""
            async (tag) => {
              const [notification] = await self.registration.getNotifications({ tag });
              const click = new NotificationEvent('notificationclick', { notification });
              let pending = Promise.resolve();
              Object.defineProperty(click, 'waitUntil', { value: (promise) => { pending = promise; } });
              self.dispatchEvent(click);
              const client = await pending;
              return client ? client.url : null;
            }
            """, $"session-{sessionId}").DefaultTimeout("the notification click opening the session");

        // The session opens with its line box ready for an answer.
        Assert.Equal(new Uri(fixture.Host.DesktopBase, $"s/{sessionId}?reply=1").ToString(), opened);
        await page.WaitForURLAsync($"**/s/{sessionId}?reply=1");
        await Expect(page.Locator("[data-testid=session-page]")).ToHaveAttributeAsync("data-session-id", sessionId);
        Assert.Equal(0, await worker.EvaluateAsync<int>("async tag => (await self.registration.getNotifications({ tag })).length", $"session-{sessionId}").DefaultTimeout("counting the notifications left"));
    }

    [Fact]
    public async Task Notifications_OnPlainHttpUnderTheHostsName_SayWhyTheyAreUnavailable()
    {
        // The host's own name is not a loopback name, so http: under it is not a secure context, as on a LAN.
        var name = System.Net.Dns.GetHostName().ToLowerInvariant();
        var ringing = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "printf 'ring\\a'; sleep 60", "rings", mirrorInput: false);
        await using var browser = await fixture.Desktop.Browser!.BrowserType.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                $"--host-resolver-rules=MAP {name} 127.0.0.1"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var lan = new Uri($"http://{name}:{fixture.Host.MirrorBase.Port}/");
        var page = await SignInAsync(context, lan);

        Assert.False(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        await page.ClickAsync("[data-testid=notifications-button]");
        await Expect(page.Locator("[data-testid=notifications-popover]")).ToHaveAttributeAsync("data-state", "insecure");
        await Expect(page.Locator("[data-testid=notifications-status]")).ToContainTextAsync("Notifications need a secure connection");
        await Expect(page.Locator("[data-testid=notifications-enable]")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => 'serviceWorker' in navigator"));
        // Without notifications the page's own list is the alert: its count on the drawer's button, the session in it.
        var list = await BrowserFixture.OpenAsync(context, lan);
        await Expect(list.Locator("[data-testid=drawer-needs-you]")).ToBeVisibleAsync();
        await list.ClickAsync("[data-testid=drawer-toggle]");
        await Expect(list.Locator($"[data-testid=needs-you-item][data-session-id='{ringing}']")).ToBeVisibleAsync();
        // The manifest and the offline page are there all the same, without signing in.
        var plain = await context.APIRequest.GetAsync(new Uri(lan, "manifest.webmanifest").ToString());
        Assert.Equal(200, plain.Status);
        await fixture.ScreenshotAsync(page, "phone-notifications-insecure");
    }

    [Fact]
    public async Task AppShell_IsOpenWithoutSigningIn_OnBothListeners_WhileTheRestIsNot()
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = BrowserFixture.Timeout };
        foreach (var site in new[] { fixture.Host.DesktopBase, fixture.Host.MirrorBase })
        {
            foreach (var (path, type) in new[]
            {
                ("manifest.webmanifest", "application/manifest+json"), ("sw.js", "text/javascript"), ("offline", "text/html"),
                ("pwa/icon-512.png", "image/png"), ("pwa/icon-maskable-192.png", "image/png"), ("pwa/apple-touch-icon.png", "image/png"),
            })
            {
                using var response = await anonymous.GetAsync(new Uri(site, path));
                Assert.True(response.IsSuccessStatusCode, $"{site}{path}: {(int)response.StatusCode}");
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            }

            foreach (var path in new[] { "push/key", "ui/js/push.js", "ui/pwa/icon-192.png", "pwa/unknown.png" })
            {
                using var response = await anonymous.GetAsync(new Uri(site, path));
                Assert.True((int)response.StatusCode is 401 or 404, $"{site}{path} answered {(int)response.StatusCode} without credentials");
            }

            var worker = await anonymous.GetStringAsync(new Uri(site, "sw.js"));
            Assert.DoesNotContain("__DESKMIRROR_VERSION__", worker, StringComparison.Ordinal);
            Assert.DoesNotContain(DeskMirrorHost.Password, worker, StringComparison.Ordinal);
        }
    }

    /// <summary>A fresh desktop browser profile that may show notifications, signed in through the sign-in page.</summary>
    private Task<IBrowserContext> NewDesktopContextAsync() => NewContextAsync(fixture.Host.DesktopBase);

    /// <summary>A fresh browser profile of its own (so its service worker is too), signed in on <paramref name="site"/>.</summary>
    private async Task<IBrowserContext> NewContextAsync(Uri site)
    {
        var context = await fixture.Desktop.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            Permissions = ["notifications"],
        });
        var page = await SignInAsync(context, site);
        await page.CloseAsync();
        return context;
    }

    /// <summary>
    /// Waits until the service worker controls <paramref name="page"/> and returns its scope, script and state. A
    /// worker that never gets there (its install failed) fails the test with every registration's state, not a hang.
    /// </summary>
    private static async Task<JsonElement> ControlledAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<JsonElement>(WaitForControl).WaitAsync(BrowserFixture.Timeout);
        }
        catch (TimeoutException)
        {
            var states = await page.EvaluateAsync<string>("""
                async () => JSON.stringify((await navigator.serviceWorker.getRegistrations()).map(r => ({
                  scope: r.scope, installing: r.installing?.state, waiting: r.waiting?.state, active: r.active?.state })))
                """).DefaultTimeout("reading the service worker registrations");
            throw new TimeoutException($"the service worker did not control the page within {BrowserFixture.Timeout.TotalSeconds} s; registrations: {states}");
        }
    }

    /// <summary>A page of <paramref name="context"/> at <paramref name="url"/> once its circuit is live; closed with the context.</summary>
    private static async Task<IPage> OpenAsync(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url.ToString());
        await BrowserFixture.WaitInteractiveAsync(page);
        return page;
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, Uri site)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.ToString());
        await page.WaitForURLAsync("**/signin**");
        await page.FillAsync("#username", DeskMirrorHost.Username);
        await page.FillAsync("#password", DeskMirrorHost.Password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await BrowserFixture.WaitInteractiveAsync(page);
        return page;
    }
}
