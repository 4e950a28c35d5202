using System.Net;
using Bunit;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Components.Status;
using DeskMirror.Web.Tests.Infrastructure;
using DeskMirror.Web.Workspace;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Web.Tests;

/// <summary>
/// The signed-in devices in the desktop's status popover, over the real server: a browser signing in on the mirror
/// listener appears in the list, and Revoke (after its confirm step) ends its sign-in.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class DeviceListTests(ServerFixture server)
{
    private const string AndroidChrome = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    [Fact]
    public async Task StatusPopover_DeviceSignsInThenRevoked_ListedThenGoneAndSignedOut()
    {
        await using var context = UiTestContext.Create(server, RequestMode.Desktop, desktop: new ServingDesktop());
        await context.StartWorkspaceAsync();
        var cut = context.Render<StatusPopover>();
        cut.Find("[data-testid=status-button]").Click();
        Assert.NotNull(cut.Find("[data-testid=device-list]"));

        using var phone = new Phone(server);
        await phone.SignInAsync();
        var id = Assert.Single(server.Devices.List(), d => d.UserAgent == AndroidChrome).Id;

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=device][data-device-id='{id}']")), TaskTimeoutExtensions.DefaultTimeoutSpan);
        var row = cut.Find($"[data-testid=device][data-device-id='{id}']");
        Assert.Equal("Chrome on Android", row.QuerySelector("[data-testid=device-name]")!.TextContent);
        Assert.Equal("127.0.0.1", row.QuerySelector("[data-testid=device-address]")!.TextContent);
        Assert.Equal("Signed in with the password", row.QuerySelector("[data-testid=device-via]")!.TextContent);
        Assert.Equal("0 open connections", row.QuerySelector("[data-testid=device-connections]")!.TextContent);
        Assert.Equal("Revoke Chrome on Android", row.QuerySelector("[data-testid=revoke-device]")!.GetAttribute("aria-label"));
        Assert.Equal(HttpStatusCode.OK, await phone.GetStatusAsync("/project"));

        cut.Find($"[data-device-id='{id}'] [data-testid=revoke-device]").Click();
        cut.Find($"[data-device-id='{id}'] [data-testid=revoke-device-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"[data-device-id='{id}']")), TaskTimeoutExtensions.DefaultTimeoutSpan);
        Assert.Null(server.Devices.Find(id));
        Assert.Equal(HttpStatusCode.Unauthorized, await phone.GetStatusAsync("/project"));
    }

    [Fact]
    public async Task DeviceState_OnTheMirror_StaysEmptyWhileADeviceIsSignedIn()
    {
        using var phone = new Phone(server);
        await phone.SignInAsync();
        await using var context = UiTestContext.Create(server, RequestMode.Mirror);
        var devices = context.Services.GetRequiredService<DeviceState>();

        devices.Start();

        var id = Assert.Single(server.Devices.List(), d => d.UserAgent == AndroidChrome).Id;
        Assert.Empty(devices.Devices);
        await Assert.ThrowsAsync<InvalidOperationException>(() => devices.RevokeAsync(id));
        Assert.True(await server.Devices.RevokeAsync(id));
    }

    /// <summary>A browser on the mirror listener that signs in with the password and keeps its cookie.</summary>
    private sealed class Phone : IDisposable
    {
        private readonly ServerFixture _server;
        private readonly HttpClient _http;

        public Phone(ServerFixture server)
        {
            _server = server;
            _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri($"http://{server.Server.MirrorEndpoint}/"),
            };
            _http.DefaultRequestHeaders.UserAgent.ParseAdd(AndroidChrome);
        }

        public async Task SignInAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = "tester",
                    ["password"] = "secret-for-tests",
                    ["returnUrl"] = "/",
                }),
            };
            request.Headers.Add("Origin", _http.BaseAddress!.GetLeftPart(UriPartial.Authority));
            request.Headers.Add("Sec-Fetch-Mode", "navigate");
            using var response = await _http.SendAsync(request).DefaultTimeout("the phone's sign-in");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }

        /// <summary>A script's GET, as the page would fetch it.</summary>
        public async Task<HttpStatusCode> GetStatusAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Sec-Fetch-Mode", "cors");
            using var response = await _http.SendAsync(request).DefaultTimeout($"the phone's GET {path}");
            return response.StatusCode;
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>The desktop host's status as the popover needs it (the real host lives in the desktop project).</summary>
    private sealed class ServingDesktop : IDesktopControl
    {
        public MirrorStatus GetMirrorStatus()
            => new(MirrorState.Serving, null, 4096, "0.0.0.0", "http://127.0.0.1:39001/", ["http://192.0.2.10:4096/"], "tester", "secret-for-tests");

        public Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public DesktopSettingsView GetSettings() => new(true, 4096, "0.0.0.0", "tester", "secret-for-tests", null);

        public Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public string CreatePairingUrl() => "http://192.0.2.10:4096/auth/pair?token=x";

        public void RequestQuit() => throw new NotSupportedException();
    }
}
