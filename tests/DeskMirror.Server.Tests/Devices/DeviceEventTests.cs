using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>The <c>device.*</c> events: on the desktop's stream, never on the mirror's.</summary>
public sealed class DeviceEventTests
{
    [Fact]
    public async Task SignIn_NewDevice_ReachesTheDesktopStreamOnly()
    {
        await using var server = await DeviceScenario.StartAsync();
        await using var desktop = await server.OpenEventsAsync(RequestMode.Desktop);
        await using var mirror = await SseReader.OpenAsync(server.CreateDeviceClient(IPAddress.Parse("192.168.1.50")));
        Assert.Equal("server.connected", (await desktop.ReadEventAsync()).Event);
        Assert.Equal("server.connected", (await mirror.ReadEventAsync()).Event);
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);

        await android.SignInWithPasswordAsync();

        var added = await desktop.ReadUntilAsync("device.signedin");
        var device = added.Properties;
        Assert.Equal("192.168.1.23", device["address"]!.GetValue<string>());
        Assert.Equal("Android", device["os"]!.GetValue<string>());
        Assert.Equal("Chrome", device["browser"]!.GetValue<string>());
        Assert.Equal("password", device["via"]!.GetValue<string>());
        Assert.Equal("mirror", device["listener"]!.GetValue<string>());
        Assert.Equal((await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>(), device["id"]!.GetValue<string>());

        // The mirror's next event is the next one it may see, numbered 1: nothing about the device came before it.
        await DeviceScenario.StartSessionAsync(server);
        var next = await mirror.ReadEventAsync();
        Assert.Equal("project.updated", next.Event);
        Assert.Equal(1, next.NumericId);
        Assert.DoesNotContain("192.168.1.23", next.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_OpenAndClose_DesktopToldTheCount()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        await using var desktop = await server.OpenEventsAsync(RequestMode.Desktop);
        Assert.Equal("server.connected", (await desktop.ReadEventAsync()).Event);

        var stream = await android.OpenEventsAsync();
        Assert.Equal(1, (await desktop.ReadUntilAsync("device.updated")).Properties["connections"]!.GetValue<int>());
        await stream.DisposeAsync();

        Assert.Equal(0, (await desktop.ReadUntilAsync("device.updated")).Properties["connections"]!.GetValue<int>());
    }

    [Fact]
    public async Task Revoke_Device_DesktopToldItWasRevoked()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPasswordAsync();
        var id = (await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>();
        await using var desktop = await server.OpenEventsAsync(RequestMode.Desktop);
        Assert.Equal("server.connected", (await desktop.ReadEventAsync()).Event);

        using var revoke = await server.Desktop.DeleteAsync($"/device/{id}").DefaultTimeout("DELETE /device/{id}");

        var removed = await desktop.ReadUntilAsync("device.removed");
        Assert.Equal($$"""{"id":"{{id}}","reason":"revoked"}""", removed.Properties.ToJsonString());
    }

    [Fact]
    public async Task SignOut_Device_DesktopToldItSignedOut()
    {
        await using var server = await DeviceScenario.StartAsync();
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);
        await android.SignInWithPairingLinkAsync();
        var id = (await DeviceScenario.FindAsync(server, "192.168.1.23"))["id"]!.GetValue<string>();
        await using var desktop = await server.OpenEventsAsync(RequestMode.Desktop);
        Assert.Equal("server.connected", (await desktop.ReadEventAsync()).Event);

        var signOut = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-out");
        signOut.Headers.Add("Origin", android.Origin.GetLeftPart(UriPartial.Authority));
        using var response = await android.Http.SendAsync(signOut).DefaultTimeout("sign out");

        var removed = await desktop.ReadUntilAsync("device.removed");
        Assert.Equal($$"""{"id":"{{id}}","reason":"signedOut"}""", removed.Properties.ToJsonString());
    }
}
