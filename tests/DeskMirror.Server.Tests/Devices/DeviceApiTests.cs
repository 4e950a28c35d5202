using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Devices;

/// <summary><c>GET /device</c> and <c>DELETE /device/{id}</c> on a real server, with devices signed in through PROXY headers.</summary>
public sealed class DeviceApiTests
{
    [Fact]
    public async Task List_TwoDevicesSignedIn_EachWithItsOwnAddressBrowserAndWay()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        using var iphone = DeviceClient.Create(server, "192.168.1.42", DeviceScenario.IPhoneSafari);
        await android.SignInWithPasswordAsync();
        await iphone.SignInWithPairingLinkAsync();
        // The desktop's own browser signs in too: it is not a device of the mirror.
        using var desktopSignIn = await server.CreateBrowserClient(RequestMode.Desktop)
            .SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Desktop), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("desktop sign-in");

        var devices = await DeviceScenario.ListAsync(server);

        Assert.Equal(2, devices.Count);
        var first = devices[0]!.AsObject();
        var second = devices[1]!.AsObject();
        Assert.Equal(
            ["id", "address", "userAgent", "browser", "os", "signedInAt", "lastSeenAt", "connections", "via", "listener"],
            first.Select(p => p.Key));
        // The most recent sign-in first.
        Assert.Equal("192.168.1.42", first["address"]!.GetValue<string>());
        Assert.Equal("Safari", first["browser"]!.GetValue<string>());
        Assert.Equal("iOS", first["os"]!.GetValue<string>());
        Assert.Equal("pairing", first["via"]!.GetValue<string>());
        Assert.Equal(DeviceScenario.IPhoneSafari, first["userAgent"]!.GetValue<string>());
        Assert.Equal("192.168.1.23", second["address"]!.GetValue<string>());
        Assert.Equal("Chrome", second["browser"]!.GetValue<string>());
        Assert.Equal("Android", second["os"]!.GetValue<string>());
        Assert.Equal("password", second["via"]!.GetValue<string>());
        foreach (var device in new[] { first, second })
        {
            Assert.Matches("^[0-9a-f]{16}$", device["id"]!.GetValue<string>());
            Assert.Equal("mirror", device["listener"]!.GetValue<string>());
            Assert.Equal(0, device["connections"]!.GetValue<int>());
            var signedInAt = DateTimeOffset.Parse(device["signedInAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.Equal(signedInAt, DateTimeOffset.Parse(device["lastSeenAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        }

        Assert.NotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.DoesNotContain(first["id"]!.GetValue<string>(), android.Cookie + iphone.Cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task List_BasicAuthOnTheMirror_IsNoDevice()
    {
        await using var server = await DeviceScenario.StartAsync();
        var api = server.CreateDeviceClient(IPAddress.Parse("192.168.1.50"));

        using var projects = await api.GetAsync("/project").DefaultTimeout("mirror GET /project with Basic");

        Assert.Equal(HttpStatusCode.OK, projects.StatusCode);
        Assert.Empty(await DeviceScenario.ListAsync(server));
    }

    [Theory]
    [InlineData("GET", "/device")]
    [InlineData("GET", "/device/")]
    [InlineData("GET", "/DEVICE")]
    [InlineData("GET", "/Device/")]
    [InlineData("GET", "/d%65vice")]
    [InlineData("GET", "/%64evice/")]
    [InlineData("DELETE", "/device/{id}")]
    [InlineData("DELETE", "/device/{id}/")]
    [InlineData("DELETE", "/DEVICE/{id}")]
    [InlineData("DELETE", "/Device/{id}/")]
    [InlineData("DELETE", "/devic%65/{id}")]
    public async Task Route_FromTheMirror_ForbiddenWhateverTheSpelling(string method, string target)
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        var id = (await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>();
        target = target.Replace("{id}", id, StringComparison.Ordinal);

        // With Basic credentials and with the device's own cookie, byte for byte as written.
        var basic = $"Authorization: {TestAppServer.Basic(server.Credentials)}";
        var withBasic = await RawHttp.SendAsync(server.Server.MirrorEndpoint, method, target, prefix: ProxyV2.From("192.168.1.77"), headers: [basic]);
        var withCookie = await RawHttp.SendAsync(
            server.Server.MirrorEndpoint, method, target, prefix: ProxyV2.From("192.168.1.23"),
            headers: [$"Cookie: {android.Cookie}", "Sec-Fetch-Mode: cors", $"Origin: {android.Origin.GetLeftPart(UriPartial.Authority)}"]);

        foreach (var response in new[] { withBasic, withCookie })
        {
            Assert.True(response.Status == 403, $"{method} {target}: {response.Status} {response.Body}");
            var body = JsonNode.Parse(response.Body)!;
            Assert.Equal(MirrorPolicy.RuleManageDevices, body["rule"]!.GetValue<string>());
            Assert.DoesNotContain("192.168.1.23", response.Body, StringComparison.Ordinal);
        }

        using var stillSignedIn = await android.FetchAsync("/project");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Single(await DeviceScenario.ListAsync(server));
    }

    [Fact]
    public async Task Revoke_OneDevice_ItsCookieStopsItsStreamsCloseTheOtherWorks()
    {
        await using var server = await DeviceScenario.StartAsync();
        var sessionId = await DeviceScenario.StartSessionAsync(server);
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        using var iphone = DeviceClient.Create(server, "192.168.1.42", DeviceScenario.IPhoneSafari);
        await android.SignInWithPasswordAsync();
        await iphone.SignInWithPairingLinkAsync();
        await using var androidEvents = await android.OpenEventsAsync();
        Assert.Equal("server.connected", (await androidEvents.ReadEventAsync()).Event);
        using var androidSocket = await android.OpenWebSocketAsync($"/session/{sessionId}/stream");
        await using var iphoneEvents = await iphone.OpenEventsAsync();
        Assert.Equal("server.connected", (await iphoneEvents.ReadEventAsync()).Event);
        var androidDevice = await DeviceScenario.FindAsync(server, "192.168.1.23");
        Assert.Equal(2, androidDevice["connections"]!.GetValue<int>());
        var eventsEnded = StreamEnd.OfEventsAsync(androidEvents);
        var socketEnded = StreamEnd.OfWebSocketAsync(androidSocket);

        using var revoke = await server.Desktop.DeleteAsync($"/device/{androidDevice["id"]!.GetValue<string>()}").DefaultTimeout("DELETE /device/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await eventsEnded.DefaultTimeout("the revoked device's event stream to end");
        await socketEnded.DefaultTimeout("the revoked device's session WebSocket to close");
        using (var fetch = await android.FetchAsync("/project"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        }

        using (var page = await android.Http.SendAsync(BrowserRequests.Navigate("/")).DefaultTimeout("page load after the revocation"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/signin", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => android.OpenWebSocketAsync($"/session/{sessionId}/stream"));

        // The other device keeps its sign-in and its live stream.
        using (var fetch = await iphone.FetchAsync("/project"))
        {
            Assert.Equal(HttpStatusCode.OK, fetch.StatusCode);
        }

        await DeviceScenario.StartSessionAsync(server);
        Assert.Equal("project.updated", (await iphoneEvents.ReadEventAsync()).Event);
        var left = Assert.Single(await DeviceScenario.ListAsync(server));
        Assert.Equal("192.168.1.42", left!["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_UnknownOrAlreadyRevokedId_NotFoundProblem()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        var id = (await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>();

        using var unknown = await server.Desktop.DeleteAsync("/device/0123456789abcdef").DefaultTimeout("DELETE unknown");
        using var first = await server.Desktop.DeleteAsync($"/device/{id}").DefaultTimeout("DELETE");
        using var again = await server.Desktop.DeleteAsync($"/device/{id}").DefaultTimeout("DELETE again");

        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoke_ThenRestart_StaysSignedOut()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        var cookie = android.Cookie!;
        var id = (await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>();
        using (var revoke = await server.Desktop.DeleteAsync($"/device/{id}").DefaultTimeout("DELETE"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await server.RestartAsync();

        Assert.Empty(await DeviceScenario.ListAsync(server));
        var response = await RawHttp.SendAsync(server.Server.MirrorEndpoint, "GET", "/project", prefix: ProxyV2.From("192.168.1.23"), headers: [$"Cookie: {cookie}", "Sec-Fetch-Mode: cors"]);
        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task SignOut_Device_LeavesTheListAndClosesItsOtherStreams()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        await using var events = await android.OpenEventsAsync();
        Assert.Equal("server.connected", (await events.ReadEventAsync()).Event);
        var ended = StreamEnd.OfEventsAsync(events);

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-out");
        signOut.Headers.Add("Origin", android.Origin.GetLeftPart(UriPartial.Authority));
        using var response = await android.Http.SendAsync(signOut).DefaultTimeout("sign out");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await ended.DefaultTimeout("the signed-out device's event stream to end");
        Assert.Empty(await DeviceScenario.ListAsync(server));
    }

    [Fact]
    public async Task CredentialsChanged_EveryDeviceLeavesTheListAndItsStreamsClose()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        await using var events = await android.OpenEventsAsync();
        Assert.Equal("server.connected", (await events.ReadEventAsync()).Event);
        var ended = StreamEnd.OfEventsAsync(events);

        server.Server.UpdateCredentials(new ServerCredentials(server.Credentials.Username, "a new password"));

        await ended.DefaultTimeout("the device's event stream to end after the password changed");
        var basic = $"Authorization: {TestAppServer.Basic(new ServerCredentials(server.Credentials.Username, "a new password"))}";
        var list = await RawHttp.SendAsync(server.Server.DesktopEndpoint, "GET", "/device", headers: [basic]);
        Assert.Equal("[]", list.Body);
    }

    [Fact]
    public async Task SignInCookie_IdInIt_IsNotTheDeviceId()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();

        var device = await DeviceScenario.FindAsync(server, "192.168.1.23");
        var signIn = server.GetService<SignInRegistry>().ListActive(RequestMode.Mirror).Single();

        Assert.Equal(signIn.DeviceId, device["id"]!.GetValue<string>());
        Assert.NotEqual(signIn.Id, signIn.DeviceId, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(signIn.DeviceId, signIn.Id, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SignInVia.Password, signIn.Via);
    }
}
