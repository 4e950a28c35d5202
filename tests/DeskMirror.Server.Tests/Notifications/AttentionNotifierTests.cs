using System.Text.Json.Nodes;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Notifications.Internal;
using DeskMirror.Server.Push;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Tests.Push;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Notifications;

/// <summary>
/// From a real program under a real PTY to a decrypted Web Push at a real push service (web-push-testing): what a
/// device is told when a session needs its person, which devices, which reasons, and how often.
/// </summary>
public sealed class AttentionNotifierTests(PushServiceFixture push) : IClassFixture<PushServiceFixture>
{
    [Fact]
    public async Task Notifier_ProgramNotifiesThenRings_ExactlyOnePushWithTheTitleAndTheProgramsText()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service);
        var device = await harness.SubscribeAsync(RequestMode.Mirror);
        using var deliveries = new DeliveryWatcher(harness.Push);

        // The notification is sent; the bell that follows at once replaces the attention but falls in the window.
        var id = await harness.StartSessionAsync("printf 'building\\n\\033]9;Build finished\\007'; printf '\\a\\a\\a'; echo marker; sleep 30");
        await harness.ScreenCaughtUpAsync(id, "marker");

        Assert.Equal([NotifyDecision.Sent, NotifyDecision.Held], await harness.DecisionsAsync(id, 2));
        Assert.Equal(1, Assert.Single(await deliveries.WaitAsync()).Delivered);
        var message = Assert.Single(await push.Service.GetMessagesAsync(device));
        var payload = JsonNode.Parse(message)!.AsObject();
        Assert.Equal(["sessionId", "title", "reason", "message", "url"], payload.Select(p => p.Key));
        Assert.Equal(id, payload["sessionId"]!.GetValue<string>());
        Assert.Equal("printf 'building\\n\\033]9;Build finished\\007'; printf '\\a\\a\\a'; echo marker; sleep 30 · project", payload["title"]!.GetValue<string>());
        Assert.Equal("notification", payload["reason"]!.GetValue<string>());
        Assert.Equal("Build finished", payload["message"]!.GetValue<string>());
        Assert.Equal($"/s/{id}", payload["url"]!.GetValue<string>());
        Assert.Equal(1, harness.Push.Counters.Queued);
    }

    [Fact]
    public async Task Notifier_BellLoop_OnePushWithALanguageNeutralBody()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service);
        var device = await harness.SubscribeAsync(RequestMode.Desktop);
        using var deliveries = new DeliveryWatcher(harness.Push);

        var id = await harness.StartSessionAsync("i=0; while [ $i -lt 100 ]; do printf '\\a'; i=$((i+1)); done; echo marker; sleep 30");
        await harness.ScreenCaughtUpAsync(id, "marker");

        Assert.Equal([NotifyDecision.Sent], await harness.DecisionsAsync(id, 1));
        await deliveries.WaitAsync();
        var payload = JsonNode.Parse(Assert.Single(await push.Service.GetMessagesAsync(device)))!;
        Assert.Equal("bell", payload["reason"]!.GetValue<string>());
        Assert.Equal("🔔", payload["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Notifier_TerminalSession_ReachesDesktopSubscriptionsOnly()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service);
        var desktop = await harness.SubscribeAsync(RequestMode.Desktop);
        var mirror = await harness.SubscribeAsync(RequestMode.Mirror);
        using var deliveries = new DeliveryWatcher(harness.Push);

        var terminal = await harness.StartSessionAsync(null, kind: "terminal");
        // Typed as text: printf itself turns \033 into the escape, so the echo of the line notifies nothing.
        (await harness.Sessions.InputAsync(terminal, "printf '\\033]9;%s\\007' from-the-terminal\r")).Dispose();
        Assert.Equal([NotifyDecision.Sent], await harness.DecisionsAsync(terminal, 1));
        var task = await harness.StartSessionAsync("printf '\\033]9;from-a-task\\007'; sleep 30");
        Assert.Equal([NotifyDecision.Sent], await harness.DecisionsAsync(task, 1));

        Assert.Equal([1, 2], (await deliveries.WaitAsync(2)).Select(r => r.Delivered));
        Assert.Equal(["from-the-terminal", "from-a-task"], (await push.Service.GetMessagesAsync(desktop)).Select(Message));
        Assert.Equal(["from-a-task"], (await push.Service.GetMessagesAsync(mirror)).Select(Message));
    }

    [Fact]
    public async Task Notifier_DeviceGoneAt410_IsDroppedAndTheOthersStillGetIt()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service);
        var kept = await harness.SubscribeAsync(RequestMode.Desktop);
        var gone = await harness.SubscribeAsync(RequestMode.Mirror);
        await push.Service.ExpireAsync(gone);
        using var deliveries = new DeliveryWatcher(harness.Push);

        var id = await harness.StartSessionAsync("printf '\\033]9;done\\007'; sleep 30");

        Assert.Equal([NotifyDecision.Sent], await harness.DecisionsAsync(id, 1));
        var report = Assert.Single(await deliveries.WaitAsync());
        Assert.Equal((1, 1, 0), (report.Delivered, report.Removed, report.Failed));
        Assert.Equal(["done"], (await push.Service.GetMessagesAsync(kept)).Select(Message));
        var left = await harness.Sessions.Server.GetService<PushSubscriptionStore>().ListAsync(PushAudience.AllDevices, CancellationToken.None);
        Assert.Equal(kept.Endpoint, Assert.Single(left).Endpoint);
    }

    [Fact]
    public async Task Notifier_ReasonTurnedOff_SendsNothingForIt()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service, o => o.Reasons = [SessionAttentionReason.Notification]);
        var device = await harness.SubscribeAsync(RequestMode.Desktop);
        using var deliveries = new DeliveryWatcher(harness.Push);

        var id = await harness.StartSessionAsync("printf '\\a'; echo rung; sleep 0.2; printf '\\033]9;after the bell\\007'; echo marker; sleep 30");
        await harness.ScreenCaughtUpAsync(id, "marker");

        Assert.Equal([NotifyDecision.ReasonOff, NotifyDecision.Sent], await harness.DecisionsAsync(id, 2));
        await deliveries.WaitAsync();
        Assert.Equal(["after the bell"], (await push.Service.GetMessagesAsync(device)).Select(Message));
        Assert.Equal(1, harness.Push.Counters.Queued);
    }

    [Fact]
    public async Task Notifier_IdleByDefault_SendsNothing()
    {
        await using var harness = await NotifierHarness.StartAsync(push.Service, attention: o => o.IdleAfter = TimeSpan.FromMilliseconds(200));
        var device = await harness.SubscribeAsync(RequestMode.Desktop);

        var id = await harness.StartSessionAsync("echo 'menu> pick one'; sleep 30");

        Assert.Equal([NotifyDecision.ReasonOff], await harness.DecisionsAsync(id, 1));
        Assert.Equal(SessionAttentionReason.Idle, harness.Sessions.Manager.Find(id)!.Attention!.Reason);
        Assert.Equal(0, harness.Push.Counters.Queued);
        Assert.Empty(await push.Service.GetMessagesAsync(device));
    }

    [Fact]
    public async Task Notifier_AttentionWithinTheWindow_GoesOutAtItsEnd_OnlyIfStillNeeded()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await NotifierHarness.StartAsync(push.Service, o => o.RepeatWindow = TimeSpan.FromSeconds(30), clock);
        var device = await harness.SubscribeAsync(RequestMode.Desktop);
        using var deliveries = new DeliveryWatcher(harness.Push);
        var waiting = await harness.StartSessionAsync("printf '\\033]9;first\\007\\a'; echo marker; sleep 30");
        var seen = await harness.StartSessionAsync("printf '\\033]9;other\\007\\a'; echo marker; sleep 30");
        Assert.Equal([NotifyDecision.Sent, NotifyDecision.Held], await harness.DecisionsAsync(waiting, 2));
        Assert.Equal([NotifyDecision.Sent, NotifyDecision.Held], await harness.DecisionsAsync(seen, 2));
        using (var response = await harness.Sessions.Server.Desktop.PostAsync($"/session/{seen}/seen", null).DefaultTimeout("POST seen"))
        {
            response.EnsureSuccessStatusCode();
        }

        clock.Advance(TimeSpan.FromSeconds(30));

        // The bell still waits for its person: it goes out now. The other session was seen meanwhile: nothing.
        Assert.Equal(NotifyDecision.Sent, (await harness.DecisionsAsync(waiting, 3))[2]);
        Assert.Equal(NotifyDecision.Nothing, (await harness.DecisionsAsync(seen, 3))[2]);
        await deliveries.WaitAsync(3);
        var messages = (await push.Service.GetMessagesAsync(device)).Select(m => JsonNode.Parse(m)!).ToList();

        // The two sessions' first pushes race each other; within a session the order is kept.
        string[] From(string id) => [.. messages
            .Where(m => m["sessionId"]!.GetValue<string>() == id)
            .Select(m => $"{m["reason"]!.GetValue<string>()}: {m["message"]!.GetValue<string>()}")];
        Assert.Equal(["notification: first", "bell: 🔔"], From(waiting));
        Assert.Equal(["notification: other"], From(seen));
    }

    private static string Message(string payload) => JsonNode.Parse(payload)!["message"]!.GetValue<string>();
}
