using System.Net.Sockets;
using System.Text;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Events;

public sealed class EventStreamTests
{
    /// <summary>A numbered event everyone receives.</summary>
    private static ProjectRemovedEvent Tick(int n) => new($"tick-{n}");

    /// <summary>A different event everyone receives, to tell live events from replayed ticks.</summary>
    private static ProjectChangesEvent Live() => new("live");

    /// <summary>An event only the desktop receives, carrying what the mirror must never see.</summary>
    private static MirrorStatusEvent DesktopOnly(string secret)
        => new(MirrorState.Error, secret, 4096, "0.0.0.0", "http://127.0.0.1:1/", [], "ana", Https: false, CaFingerprint: null);

    [Fact]
    public async Task Events_Published_ArriveInOrderWithEnvelope()
    {
        await using var server = await TestAppServer.StartAsync();
        var bus = server.GetService<IEventBus>();
        await using var events = await server.OpenEventsAsync(RequestMode.Desktop);
        Assert.Equal("server.connected", (await events.ReadEventAsync()).Event);

        for (var i = 0; i < 50; i++)
        {
            bus.Publish(Tick(i));
        }

        for (var i = 0; i < 50; i++)
        {
            var message = await events.ReadEventAsync();
            Assert.Equal(i + 1, message.NumericId);
            Assert.Equal("project.removed", message.Event);
            Assert.Equal("project.removed", message.Envelope["type"]!.GetValue<string>());
            Assert.Equal($"tick-{i}", message.Properties["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Events_ReconnectWithLastEventId_ReplaysMissedWithoutGapOrDuplicate()
    {
        await using var server = await TestAppServer.StartAsync();
        var bus = server.GetService<IEventBus>();
        long last;
        await using (var first = await server.OpenEventsAsync(RequestMode.Mirror))
        {
            await first.ReadUntilAsync("server.connected");
            for (var i = 0; i < 5; i++)
            {
                bus.Publish(Tick(i));
            }

            last = (await first.ReadUntilAsync("project.removed")).NumericId!.Value;
            Assert.Equal(1, last);
        }

        for (var i = 5; i < 15; i++)
        {
            bus.Publish(Tick(i));
        }

        await using var second = await server.OpenEventsAsync(RequestMode.Mirror, last);
        Assert.Equal("server.connected", (await second.ReadEventAsync()).Event);
        for (var expected = 2; expected <= 15; expected++)
        {
            Assert.Equal(expected, (await second.ReadEventAsync()).NumericId);
        }

        bus.Publish(Live());
        var live = await second.ReadEventAsync();
        Assert.Equal(16, live.NumericId);
        Assert.Equal("project.changes", live.Event);
    }

    [Fact]
    public async Task Events_ReconnectWhilePublishing_EveryIdExactlyOnce()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { EventReplayCapacity = 100_000, SubscriberQueueCapacity = 100_000 });
        var bus = server.GetService<IEventBus>();
        const int total = 3000;
        var seen = new List<long>();
        var reader = await server.OpenEventsAsync(RequestMode.Desktop);
        await reader.ReadUntilAsync("server.connected");
        var publisher = Task.Run(() =>
        {
            for (var i = 0; i < total; i++)
            {
                bus.Publish(Tick(i));
            }
        });

        // Drop the connection three times mid-stream, reconnecting from the last id seen.
        for (var reconnect = 0; reconnect < 3; reconnect++)
        {
            for (var i = 0; i < 200; i++)
            {
                seen.Add((await reader.ReadEventAsync()).NumericId!.Value);
            }

            await reader.DisposeAsync();
            reader = await server.OpenEventsAsync(RequestMode.Desktop, seen[^1]);
            Assert.Equal("server.connected", (await reader.ReadEventAsync()).Event);
        }

        await publisher.DefaultTimeout("publisher");
        while (seen[^1] < total)
        {
            seen.Add((await reader.ReadEventAsync()).NumericId!.Value);
        }

        await reader.DisposeAsync();
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Events_LastEventIdOlderThanBuffer_ResyncThenLive()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { EventReplayCapacity = 4 });
        var bus = server.GetService<IEventBus>();
        for (var i = 0; i < 10; i++)
        {
            bus.Publish(Tick(i));
        }

        await using var events = await server.OpenEventsAsync(RequestMode.Desktop, lastEventId: 2);
        Assert.Equal("server.connected", (await events.ReadEventAsync()).Event);
        var resync = await events.ReadEventAsync();
        bus.Publish(Live());
        var live = await events.ReadEventAsync();

        Assert.Equal("server.resync", resync.Event);
        Assert.Equal(10, resync.NumericId);
        Assert.Equal("project.changes", live.Event);
        Assert.Equal(11, live.NumericId);
    }

    [Fact]
    public async Task Events_LastEventIdAtBufferEdge_ReplayedNotResynced()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { EventReplayCapacity = 4 });
        var bus = server.GetService<IEventBus>();
        for (var i = 0; i < 10; i++)
        {
            bus.Publish(Tick(i));
        }

        // The buffer holds 7..10, so a client that saw 6 misses nothing the buffer lacks.
        await using var events = await server.OpenEventsAsync(RequestMode.Desktop, lastEventId: 6);
        await events.ReadUntilAsync("server.connected");

        for (var expected = 7; expected <= 10; expected++)
        {
            var message = await events.ReadEventAsync();
            Assert.Equal("project.removed", message.Event);
            Assert.Equal(expected, message.NumericId);
        }
    }

    [Fact]
    public async Task Events_LastEventIdFromTheFuture_Resync()
    {
        await using var server = await TestAppServer.StartAsync();
        server.GetService<IEventBus>().Publish(Tick(0));

        await using var events = await server.OpenEventsAsync(RequestMode.Mirror, lastEventId: 500);
        await events.ReadUntilAsync("server.connected");

        Assert.Equal("server.resync", (await events.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task Events_Idle_HeartbeatComment()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        await using var events = await server.OpenEventsAsync(RequestMode.Mirror);
        await events.ReadUntilAsync("server.connected");

        var next = await events.ReadAsync();

        Assert.NotNull(next);
        Assert.True(next.IsComment);
        Assert.Equal("heartbeat", next.Comment);
    }

    [Fact]
    public async Task Events_DesktopOnly_NeverReachMirror()
    {
        await using var server = await TestAppServer.StartAsync();
        var bus = server.GetService<IEventBus>();
        await using var desktop = await server.OpenEventsAsync(RequestMode.Desktop);
        await using var mirror = await server.OpenEventsAsync(RequestMode.Mirror);
        await desktop.ReadUntilAsync("server.connected");
        await mirror.ReadUntilAsync("server.connected");

        bus.Publish(DesktopOnly("secret"));
        bus.Publish(Tick(0));

        Assert.Equal("mirror.status", (await desktop.ReadEventAsync()).Event);
        Assert.Equal("project.removed", (await desktop.ReadEventAsync()).Event);
        Assert.Equal("project.removed", (await mirror.ReadEventAsync()).Event);

        // Nor through replay.
        await using var replay = await server.OpenEventsAsync(RequestMode.Mirror, lastEventId: 0);
        await replay.ReadUntilAsync("server.connected");
        Assert.Equal("project.removed", (await replay.ReadEventAsync()).Event);
    }

    [Fact]
    public async Task Subscribe_InProcess_ReceivesUntilDisposed()
    {
        await using var server = await TestAppServer.StartAsync();
        var bus = server.GetService<IEventBus>();
        var received = new List<ServerEvent>();
        var subscription = bus.Subscribe(received.Add);

        var status = DesktopOnly("b");
        bus.Publish(Tick(1));
        bus.Publish(status);
        subscription.Dispose();
        bus.Publish(Tick(3));

        // The typed record itself, desktop-only ones included: each circuit filters for its own mode.
        Assert.Equal([Tick(1), status], received);
    }

    [Fact]
    public async Task Events_StalledSubscriber_DisconnectedWithoutDelayingAnother()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { SubscriberQueueCapacity = 8 });
        var bus = server.GetService<EventBus>();
        await using var reader = await server.OpenEventsAsync(RequestMode.Mirror);
        await reader.ReadUntilAsync("server.connected");

        // A client that sends its request and then never reads.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(server.Server.MirrorEndpoint).DefaultTimeout("stalled connect");
        var auth = TestAppServer.Basic(server.Credentials);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /event HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth.Scheme} {auth.Parameter}\r\n\r\n")).DefaultTimeout("stalled send");
        await Poll.UntilAsync(() => bus.SubscriberCount == 2, "stalled subscriber registered");

        const int total = 400;
        var payload = new string('x', 32 * 1024);
        // The publisher keeps at most 4 events ahead of the reading client, well inside its queue of 8,
        // while the stalled one falls further behind with every event.
        using var window = new SemaphoreSlim(4);
        var publisher = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                await window.WaitAsync().DefaultTimeout($"reader to catch up before event {i + 1}");
                bus.Publish(new ProjectUpdatedEvent(new Project($"p{i}", payload, "/bulk")));
            }
        });

        for (var i = 1; i <= total; i++)
        {
            Assert.Equal(i, (await reader.ReadEventAsync()).NumericId);
            window.Release();
        }

        await publisher.DefaultTimeout("publisher");
        await Poll.UntilAsync(() => bus.SubscriberCount == 1, "stalled subscriber removed");

        // Its connection was cut: draining what the kernel buffered ends in EOF or a reset, short of every event.
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        try
        {
            int read;
            while ((read = await stalled.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout("stalled drain")) > 0)
            {
                bytes += read;
            }
        }
        catch (SocketException)
        {
            // A reset is a disconnect too.
        }

        Assert.True(bytes < total * payload.Length, $"the stalled client got {bytes} bytes, as if it was never cut off");
    }
}
