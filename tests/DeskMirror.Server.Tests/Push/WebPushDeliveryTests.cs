using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Push;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Push;

/// <summary>
/// End to end against a real push service (web-push-testing): a subscription made there with our VAPID key,
/// registered through the real API, then a notification that the service checks (VAPID token, aes128gcm),
/// decrypts and hands back.
/// </summary>
public sealed class WebPushDeliveryTests(PushServiceFixture push) : IClassFixture<PushServiceFixture>
{
    [Fact]
    public async Task Notify_SubscribedDevice_ReceivesThePayloadDecryptedToExactlyOurJson()
    {
        await using var server = await TestAppServer.StartAsync();
        var subscription = await SubscribeAsync(server, RequestMode.Desktop);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("0a1b2c3d4e5f6071", "build — ünïcødé ✓", "input", "Proceed? [y/N] \"quoted\"", "/s/0a1b2c3d4e5f6071"), PushAudience.AllDevices);

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.Equal((1, 0, 0), (report.Delivered, report.Removed, report.Failed));
        var message = Assert.Single(await push.Service.GetMessagesAsync(subscription));
        Assert.Equal(
            """{"sessionId":"0a1b2c3d4e5f6071","title":"build — ünïcødé ✓","reason":"input","message":"Proceed? [y/N] \"quoted\"","url":"/s/0a1b2c3d4e5f6071"}""",
            message);
        Assert.Equal(1, notifier.Counters.Delivered);
    }

    [Fact]
    public async Task Notify_NullMessage_ArrivesAsJsonNull()
    {
        await using var server = await TestAppServer.StartAsync();
        var subscription = await SubscribeAsync(server, RequestMode.Mirror);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s1", "tests", "exited", null, "/s/s1"), PushAudience.AllDevices);

        await watcher.WaitAsync();
        var payload = JsonNode.Parse(Assert.Single(await push.Service.GetMessagesAsync(subscription)))!.AsObject();
        Assert.Equal(["sessionId", "title", "reason", "message", "url"], payload.Select(p => p.Key));
        Assert.Null(payload["message"]);
    }

    [Fact]
    public async Task Notify_EndpointAnswers410_RemovesTheSubscription()
    {
        await using var server = await TestAppServer.StartAsync();
        var kept = await SubscribeAsync(server, RequestMode.Desktop);
        var expired = await SubscribeAsync(server, RequestMode.Mirror);
        var expiredId = await IdOfAsync(server, RequestMode.Mirror, expired);
        await push.Service.ExpireAsync(expired);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s2", "job", "exited", "exit code 0", "/s/s2"), PushAudience.AllDevices);

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.Equal((1, 1, 0), (report.Delivered, report.Removed, report.Failed));
        var store = server.GetService<PushSubscriptionStore>();
        var left = await store.ListAsync(PushAudience.AllDevices, CancellationToken.None);
        Assert.Equal(kept.Endpoint, Assert.Single(left).Endpoint);
        Assert.Single(await push.Service.GetMessagesAsync(kept));
        using var delete = await server.Mirror.DeleteAsync($"/push/subscription/{expiredId}").DefaultTimeout("DELETE removed subscription");
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal(1, notifier.Counters.Removed);
    }

    [Fact]
    public async Task NotifySession_TerminalSession_ReachesDesktopDevicesOnly()
    {
        await using var server = await TestAppServer.StartAsync();
        var desktop = await SubscribeAsync(server, RequestMode.Desktop);
        var mirror = await SubscribeAsync(server, RequestMode.Mirror);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);
        var terminal = Session("t1", SessionKind.Terminal);
        var task = Session("k1", SessionKind.Task);

        ((IPushNotifier)notifier).NotifySession(terminal, "bell", null);
        ((IPushNotifier)notifier).NotifySession(task, "input", "Continue?");

        var reports = await watcher.WaitAsync(2);
        Assert.Equal([1, 2], reports.Select(r => r.Delivered));
        var desktopMessages = await push.Service.GetMessagesAsync(desktop);
        var mirrorMessages = await push.Service.GetMessagesAsync(mirror);
        Assert.Equal(["t1", "k1"], desktopMessages.Select(m => JsonNode.Parse(m)!["sessionId"]!.GetValue<string>()));
        var only = JsonNode.Parse(Assert.Single(mirrorMessages))!;
        Assert.Equal("k1", only["sessionId"]!.GetValue<string>());
        Assert.Equal("/s/k1", only["url"]!.GetValue<string>());
        Assert.Equal("Continue?", only["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notify_DesktopOnlyAudience_SkipsMirrorSubscriptions()
    {
        await using var server = await TestAppServer.StartAsync();
        var mirror = await SubscribeAsync(server, RequestMode.Mirror);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("t2", "shell", "bell", null, "/s/t2"), PushAudience.DesktopOnly);

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.Equal((0, 0, 0), (report.Delivered, report.Removed, report.Failed));
        Assert.Empty(await push.Service.GetMessagesAsync(mirror));
    }

    [Fact]
    public async Task Notify_AfterARestart_ReachesMirrorDevices_AndDropsDesktopSubscriptionsOfTheOldAddress()
    {
        await using var server = await TestAppServer.StartAsync();
        var desktop = await SubscribeAsync(server, RequestMode.Desktop);
        var mirror = await SubscribeAsync(server, RequestMode.Mirror);

        // The desktop listener gets a new port: a page of the old address can no longer be opened.
        await server.RestartAsync();
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);
        notifier.Notify(new PushMessage("s4", "after restart", "input", null, "/s/s4"), PushAudience.AllDevices);

        var report = Assert.Single(await watcher.WaitAsync());
        Assert.Equal((1, 1, 0), (report.Delivered, report.Removed, report.Failed));
        Assert.Empty(await push.Service.GetMessagesAsync(desktop));
        Assert.Single(await push.Service.GetMessagesAsync(mirror));
        var left = await server.GetService<PushSubscriptionStore>().ListAsync(PushAudience.AllDevices, CancellationToken.None);
        Assert.Equal(RequestMode.Mirror, Assert.Single(left).Mode);
    }

    [Fact]
    public async Task Notify_LongMessage_IsShortenedToFitAndStillDecrypts()
    {
        await using var server = await TestAppServer.StartAsync();
        var subscription = await SubscribeAsync(server, RequestMode.Desktop);
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s3", "long", "notification", string.Concat(Enumerable.Repeat("日本語のテキスト ", 800)), "/s/s3"), PushAudience.AllDevices);

        Assert.Equal(1, Assert.Single(await watcher.WaitAsync()).Delivered);
        var message = Assert.Single(await push.Service.GetMessagesAsync(subscription));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(message) <= PayloadEncoder.MaxPayloadBytes);
        var text = JsonNode.Parse(message)!["message"]!.GetValue<string>();
        Assert.StartsWith("日本語のテキスト 日本語", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    private async Task<TestSubscription> SubscribeAsync(TestAppServer server, RequestMode mode)
    {
        var client = mode == RequestMode.Desktop ? server.Desktop : server.Mirror;
        var key = JsonNode.Parse(await client.GetStringAsync("/push/key").DefaultTimeout("GET /push/key"))!["publicKey"]!.GetValue<string>();
        var subscription = await push.Service.SubscribeAsync(key);
        using var response = await client.PostAsync("/push/subscription", Json.Body(subscription.ToJson())).DefaultTimeout("POST /push/subscription");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return subscription;
    }

    private static async Task<string> IdOfAsync(TestAppServer server, RequestMode mode, TestSubscription subscription)
    {
        // Posting the same subscription again is an upsert that answers with the same id.
        var client = mode == RequestMode.Desktop ? server.Desktop : server.Mirror;
        using var response = await client.PostAsync("/push/subscription", Json.Body(subscription.ToJson())).DefaultTimeout("POST /push/subscription again");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private static SessionInfo Session(string id, SessionKind kind)
        => new(id, "p1", kind, kind == SessionKind.Task ? "make" : null, "title-" + id, SessionStatus.Running, null, false, DateTimeOffset.UnixEpoch);
}
