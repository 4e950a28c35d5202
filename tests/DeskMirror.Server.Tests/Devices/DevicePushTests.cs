using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using DeskMirror.Server.Tests.Push;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>A new device is pushed to the devices subscribed on the desktop, never to those subscribed on the mirror.</summary>
public sealed class DevicePushTests
{
    [Fact]
    public async Task SignIn_NewDevice_PushedToDesktopSubscriptionsOnly()
    {
        await using var service = await RecordingPushService.StartAsync();
        await using var server = await DeviceScenario.StartAsync();
        await SubscribeAsync(server.Desktop, new Uri(service.BaseAddress, "desktop-laptop"));
        await SubscribeAsync(server.CreateDeviceClient(IPAddress.Parse("192.168.1.60")), new Uri(service.BaseAddress, "mirror-tablet"));
        using var watcher = new DeliveryWatcher(server.GetService<PushNotifier>());
        using var android = DeviceClient.Create(server, "192.168.1.23", DeviceScenario.AndroidChrome);

        await android.SignInWithPasswordAsync();

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.Equal("New device signed in to the mirror", report.Message.Title);
        Assert.Equal("Android, 192.168.1.23", report.Message.Message);
        Assert.Equal("device", report.Message.Reason);
        Assert.Equal("/", report.Message.Url);
        Assert.Equal(1, report.Delivered);
        var request = Assert.Single(service.Requests);
        Assert.Equal("/desktop-laptop", request.Path);
    }

    [Fact]
    public async Task SignIn_Desktop_NotADeviceAndNotPushed()
    {
        await using var service = await RecordingPushService.StartAsync();
        await using var server = await DeviceScenario.StartAsync();
        await SubscribeAsync(server.Desktop, new Uri(service.BaseAddress, "desktop-laptop"));
        var notifier = server.GetService<PushNotifier>();

        using var signIn = await server.CreateBrowserClient(RequestMode.Desktop)
            .SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Desktop), server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("desktop sign-in");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(0, notifier.Counters.Queued);
    }

    private static async Task SubscribeAsync(HttpClient client, Uri endpoint)
    {
        using var response = await client.PostAsync("/push/subscription", Json.Body(PushApiTests.Body(endpoint.ToString()))).DefaultTimeout("POST /push/subscription");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
