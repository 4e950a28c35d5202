using System.Net;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using DeskMirror.Server.Tests.Sessions;

namespace DeskMirror.Server.Tests.Events;

/// <summary>
/// Each listener numbers its own events: a mirror subscriber sees 1, 2, 3… with no gap where a terminal's
/// events or <c>mirror.status</c> went to the desktop only, and <c>Last-Event-ID</c> works per listener.
/// </summary>
public sealed class EventIdTests
{
    /// <summary>What the desktop sees of <see cref="RunActivityAsync"/>, in order; the mirror sees only the task's three.</summary>
    private static readonly string[] DesktopTypes =
    [
        "session.created", "session.created", "mirror.status", "session.updated", "session.removed", "session.updated", "mirror.status", "session.removed",
    ];

    [Fact]
    public async Task EventIds_TerminalAndMirrorStatusActivity_MirrorSequenceHasNoGaps()
    {
        await using var harness = await SessionHarness.StartAsync();
        await using var desktop = await harness.Server.OpenEventsAsync(RequestMode.Desktop);
        await using var mirror = await harness.Server.OpenEventsAsync(RequestMode.Mirror);
        // Adding the harness's project was event 1 on both listeners.
        Assert.Equal(1, (await desktop.ReadUntilAsync("server.connected")).Properties["lastEventId"]!.GetValue<long>());
        Assert.Equal(1, (await mirror.ReadUntilAsync("server.connected")).Properties["lastEventId"]!.GetValue<long>());

        var (task, terminal) = await RunActivityAsync(harness);

        var mirrorEvents = await ReadAsync(mirror, 3);
        Assert.Equal([2L, 3L, 4L], mirrorEvents.Select(e => e.NumericId!.Value));
        Assert.Equal(["session.created", "session.updated", "session.removed"], mirrorEvents.Select(e => e.Event));
        Assert.All(mirrorEvents, e => Assert.Equal(task, e.Properties["id"]!.GetValue<string>()));

        var desktopEvents = await ReadAsync(desktop, DesktopTypes.Length);
        Assert.Equal(Enumerable.Range(2, DesktopTypes.Length).Select(i => (long)i), desktopEvents.Select(e => e.NumericId!.Value));
        Assert.Equal(DesktopTypes, desktopEvents.Select(e => e.Event));
        Assert.Contains(desktopEvents, e => e.Event == "session.removed" && e.Properties["id"]!.GetValue<string>() == terminal);

        // Both go on from their own newest id.
        harness.Server.GetService<IEventBus>().Publish(new ProjectChangesEvent(harness.ProjectId));
        Assert.Equal(5, (await mirror.ReadEventAsync()).NumericId);
        Assert.Equal(DesktopTypes.Length + 2, (await desktop.ReadEventAsync()).NumericId);
    }

    [Fact]
    public async Task EventIds_ReconnectOnEachListener_ReplaysItsOwnSequence()
    {
        await using var harness = await SessionHarness.StartAsync();
        var (task, _) = await RunActivityAsync(harness);
        var desktopLast = DesktopTypes.Length + 1;

        // The mirror saw up to its id 2 (the task's creation): it gets its 3 and 4, nothing of the desktop's.
        await using (var mirror = await harness.Server.OpenEventsAsync(RequestMode.Mirror, lastEventId: 2))
        {
            Assert.Equal(4, (await mirror.ReadUntilAsync("server.connected")).Properties["lastEventId"]!.GetValue<long>());
            var replayed = await ReadAsync(mirror, 2);
            Assert.Equal([3L, 4L], replayed.Select(e => e.NumericId!.Value));
            Assert.Equal(["session.updated", "session.removed"], replayed.Select(e => e.Event));
            Assert.All(replayed, e => Assert.Equal(task, e.Properties["id"]!.GetValue<string>()));
        }

        await using (var desktop = await harness.Server.OpenEventsAsync(RequestMode.Desktop, lastEventId: 5))
        {
            Assert.Equal(desktopLast, (await desktop.ReadUntilAsync("server.connected")).Properties["lastEventId"]!.GetValue<long>());
            var replayed = await ReadAsync(desktop, desktopLast - 5);
            Assert.Equal(Enumerable.Range(6, desktopLast - 5).Select(i => (long)i), replayed.Select(e => e.NumericId!.Value));
            Assert.Equal(DesktopTypes[4..], replayed.Select(e => e.Event));
        }

        // A desktop id means nothing to the mirror: beyond its own newest, it must refetch from its own "now".
        await using (var mirror = await harness.Server.OpenEventsAsync(RequestMode.Mirror, lastEventId: desktopLast))
        {
            await mirror.ReadUntilAsync("server.connected");
            var resync = await mirror.ReadEventAsync();
            Assert.Equal("server.resync", resync.Event);
            Assert.Equal(4, resync.NumericId);
            Assert.Equal(4, resync.Properties["lastEventId"]!.GetValue<long>());
        }
    }

    /// <summary>
    /// A task and a terminal start, <c>mirror.status</c> is published, the terminal is stopped and removed, the
    /// task is stopped, <c>mirror.status</c> again, the task is removed: eight desktop events, three mirror events.
    /// </summary>
    private static async Task<(string Task, string Terminal)> RunActivityAsync(SessionHarness harness)
    {
        var bus = harness.Server.GetService<IEventBus>();
        var status = new MirrorStatusEvent(MirrorState.Serving, null, 4096, "0.0.0.0", "http://127.0.0.1:1/", [], "ana", Https: false, CaFingerprint: null);
        var task = (await harness.CreateAsync("sleep 30"))["id"]!.GetValue<string>();
        var terminal = (await harness.CreateAsync(null, kind: "terminal"))["id"]!.GetValue<string>();
        bus.Publish(status);
        await StopAndRemoveAsync(harness, terminal);
        await StopAsync(harness, task);
        bus.Publish(status with { State = MirrorState.Off });
        await RemoveAsync(harness, task);
        return (task, terminal);
    }

    private static async Task StopAndRemoveAsync(SessionHarness harness, string id)
    {
        await StopAsync(harness, id);
        await RemoveAsync(harness, id);
    }

    private static async Task StopAsync(SessionHarness harness, string id)
    {
        // The stop answers once the session has ended, so its session.updated is already published.
        using var stop = await harness.Server.Desktop.PostAsync($"/session/{id}/stop", null).DefaultTimeout($"stop {id}");
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
    }

    private static async Task RemoveAsync(SessionHarness harness, string id)
    {
        using var remove = await harness.Server.Desktop.DeleteAsync($"/session/{id}").DefaultTimeout($"remove {id}");
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
    }

    private static async Task<List<SseMessage>> ReadAsync(SseReader reader, int count)
    {
        var events = new List<SseMessage>();
        while (events.Count < count)
        {
            events.Add(await reader.ReadEventAsync());
        }

        return events;
    }
}
