using System.Text;
using System.Text.Json;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Events;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sidebar;

namespace DeskMirror.Server.Tests.Events;

/// <summary>Every entry of the catalogue: its wire shape as docs/api.md and docs/sessions.md give it, its audience, and a JSON round trip.</summary>
public sealed class EventCatalogueTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly SessionInfo Task = new("s1", "p1", SessionKind.Task, "npm test", "npm test", SessionStatus.Running, null, true, At);

    private static readonly SessionInfo Terminal = new("s2", "p1", SessionKind.Terminal, null, "Terminal", SessionStatus.Exited, 0, false, At)
    {
        EndedAt = At.AddMinutes(1),
    };

    private const string TaskJson =
        """{"id":"s1","projectId":"p1","kind":"task","command":"npm test","title":"npm test","status":"running","exitCode":null,"mirrorInput":true,"createdAt":"2026-01-02T03:04:05+00:00","reason":null,"endedAt":null,"cols":80,"rows":24,"attention":null}""";

    private const string TerminalJson =
        """{"id":"s2","projectId":"p1","kind":"terminal","command":null,"title":"Terminal","status":"exited","exitCode":0,"mirrorInput":false,"createdAt":"2026-01-02T03:04:05+00:00","reason":null,"endedAt":"2026-01-02T03:05:05+00:00","cols":80,"rows":24,"attention":null}""";

    private static readonly DeviceInfo Phone = new(
        "0123456789abcdef", "192.168.1.23", "Mozilla/5.0 (Linux; Android 10; K) Chrome/120.0.0.0 Mobile Safari/537.36", "Chrome", "Android", At, At.AddMinutes(2), 2, SignInVia.Pairing, RequestMode.Mirror);

    private const string PhoneJson =
        """{"id":"0123456789abcdef","address":"192.168.1.23","userAgent":"Mozilla/5.0 (Linux; Android 10; K) Chrome/120.0.0.0 Mobile Safari/537.36","browser":"Chrome","os":"Android","signedInAt":"2026-01-02T03:04:05+00:00","lastSeenAt":"2026-01-02T03:06:05+00:00","connections":2,"via":"pairing","listener":"mirror"}""";

    /// <summary>A sample of each event, the exact <c>properties</c> it goes out with, and who receives it.</summary>
    public static TheoryData<string, ServerEvent, string, EventAudience> Samples => new()
    {
        { "server.connected", new ServerConnectedEvent(RequestMode.Mirror, 41), """{"mode":"mirror","lastEventId":41}""", EventAudience.Everyone },
        { "server.connected desktop", new ServerConnectedEvent(RequestMode.Desktop, 0), """{"mode":"desktop","lastEventId":0}""", EventAudience.Everyone },
        { "server.resync", new ServerResyncEvent(41), """{"lastEventId":41}""", EventAudience.Everyone },
        { "project.updated", new ProjectUpdatedEvent(new Project("3f2a", "app", "/home/me/app")), """{"id":"3f2a","name":"app","path":"/home/me/app"}""", EventAudience.Everyone },
        { "project.removed", new ProjectRemovedEvent("3f2a"), """{"id":"3f2a"}""", EventAudience.Everyone },
        { "project.changes", new ProjectChangesEvent("3f2a"), """{"id":"3f2a"}""", EventAudience.Everyone },
        { "session.created task", new SessionCreatedEvent(Task), TaskJson, EventAudience.Everyone },
        { "session.created terminal", new SessionCreatedEvent(Terminal), TerminalJson, EventAudience.DesktopOnly },
        { "session.updated task", new SessionUpdatedEvent(Task), TaskJson, EventAudience.Everyone },
        { "session.updated terminal", new SessionUpdatedEvent(Terminal), TerminalJson, EventAudience.DesktopOnly },
        { "session.removed task", new SessionRemovedEvent("s1", "p1", SessionKind.Task), """{"id":"s1","projectId":"p1"}""", EventAudience.Everyone },
        { "session.removed terminal", new SessionRemovedEvent("s2", "p1", SessionKind.Terminal), """{"id":"s2","projectId":"p1"}""", EventAudience.DesktopOnly },
        { "session.resized task", new SessionResizedEvent("s1", 120, 40, SessionKind.Task), """{"id":"s1","cols":120,"rows":40}""", EventAudience.Everyone },
        { "session.resized terminal", new SessionResizedEvent("s2", 80, 24, SessionKind.Terminal), """{"id":"s2","cols":80,"rows":24}""", EventAudience.DesktopOnly },
        {
            "session.attention task",
            new SessionAttentionEvent("s1", SessionAttentionReason.Input, "Allow edit? (y/n)", At, SessionKind.Task),
            """{"id":"s1","reason":"input","message":"Allow edit? (y/n)","since":"2026-01-02T03:04:05+00:00"}""",
            EventAudience.Everyone
        },
        {
            "session.attention terminal",
            new SessionAttentionEvent("s2", SessionAttentionReason.Bell, null, At, SessionKind.Terminal),
            """{"id":"s2","reason":"bell","message":null,"since":"2026-01-02T03:04:05+00:00"}""",
            EventAudience.DesktopOnly
        },
        {
            "mirror.sidebar.updated",
            new SidebarUpdatedEvent(new SidebarState([new SidebarProject("p1", true, false)], "p1", 3, At)),
            """{"projects":[{"id":"p1","shown":true,"expanded":false}],"activeProjectId":"p1","version":3,"updatedAt":"2026-01-02T03:04:05+00:00"}""",
            EventAudience.Everyone
        },
        {
            "mirror.status",
            MirrorStatusEvent.From(new MirrorStatus(MirrorState.Serving, null, 4096, "0.0.0.0", "http://127.0.0.1:5000/", ["http://192.168.1.2:4096/"], "ana", "secret-password")),
            """{"state":"serving","error":null,"port":4096,"bindAddress":"0.0.0.0","desktopUrl":"http://127.0.0.1:5000/","lanUrls":["http://192.168.1.2:4096/"],"username":"ana","https":false,"caFingerprint":null}""",
            EventAudience.DesktopOnly
        },
        { "device.signedin", new DeviceSignedInEvent(Phone), PhoneJson, EventAudience.DesktopOnly },
        { "device.updated", new DeviceUpdatedEvent(Phone with { Connections = 0 }), PhoneJson.Replace("\"connections\":2", "\"connections\":0", StringComparison.Ordinal), EventAudience.DesktopOnly },
        { "device.removed", new DeviceRemovedEvent("0123456789abcdef", DeviceRemovalReason.Revoked), """{"id":"0123456789abcdef","reason":"revoked"}""", EventAudience.DesktopOnly },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Event_Encoded_FrameCarriesTypeAndDocumentedProperties(string name, ServerEvent sample, string properties, EventAudience audience)
    {
        var frame = Encoding.UTF8.GetString(EncodedEvent.EncodeFrame(7, sample));

        var lines = frame.Split('\n');
        Assert.True(lines.Length == 5 && lines[3].Length == 0 && lines[4].Length == 0, $"{name}: not one frame ending with a blank line: {frame}");
        Assert.Equal("id: 7", lines[0]);
        Assert.Equal($"event: {sample.Type}", lines[1]);
        Assert.Equal($$"""data: {"type":"{{sample.Type}}","properties":{{properties}}}""", lines[2]);
        Assert.Equal(audience, sample.Audience);
        Assert.StartsWith(sample.Type, name, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Event_Properties_RoundTripThroughTheContext(string name, ServerEvent sample, string properties, EventAudience audience)
    {
        _ = audience;
        var kind = sample is SessionEvent session ? session.Kind : SessionKind.Task;

        var read = Read(sample.Type, properties, kind);

        Assert.True(properties == Properties(read), $"{name}: {Properties(read)}");
        Assert.Equal(sample.GetType(), read.GetType());
        Assert.Equal(sample.Audience, read.Audience);
        if (sample is not (SidebarUpdatedEvent or MirrorStatusEvent))
        {
            // Records with lists compare them by reference; the JSON above already compared their content.
            Assert.Equal(sample, read);
        }
    }

    [Fact]
    public void Catalogue_EveryTypeHasOneRecordAndASample()
    {
        var records = typeof(ServerEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ServerEvent)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var sampled = Samples.Select(row => (ServerEvent)row[1]).ToList();

        Assert.Equal(records, sampled.Select(e => e.GetType()).Distinct().OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal(ServerEventType.All.Order(StringComparer.Ordinal), sampled.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(ServerEventType.All.Count, ServerEventType.All.Distinct().Count());
        Assert.All(ServerEventType.All, type => Assert.Matches("^[a-z]+(\\.[a-z]+)+$", type));
    }

    [Fact]
    public void Publish_StreamOnlyEvent_Refused()
    {
        var bus = new EventBus(16, 16, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Throws<ArgumentException>(() => bus.Publish(new ServerConnectedEvent(RequestMode.Desktop, 0)));
        Assert.Throws<ArgumentException>(() => bus.Publish(new ServerResyncEvent(0)));
    }

    private static string Properties(ServerEvent serverEvent)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            serverEvent.WriteProperties(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Builds the record back from its wire properties; a session's kind is not on the wire, so it is given.</summary>
    private static ServerEvent Read(string type, string json, SessionKind kind)
    {
        var context = EventJsonContext.Default;
        return type switch
        {
            ServerEventType.ServerConnected => JsonSerializer.Deserialize(json, context.ServerConnectedEvent)!,
            ServerEventType.ServerResync => JsonSerializer.Deserialize(json, context.ServerResyncEvent)!,
            ServerEventType.ProjectUpdated => new ProjectUpdatedEvent(JsonSerializer.Deserialize(json, context.Project)!),
            ServerEventType.ProjectRemoved => JsonSerializer.Deserialize(json, context.ProjectRemovedEvent)!,
            ServerEventType.ProjectChanges => JsonSerializer.Deserialize(json, context.ProjectChangesEvent)!,
            ServerEventType.SessionCreated => new SessionCreatedEvent(JsonSerializer.Deserialize(json, context.SessionInfo)!),
            ServerEventType.SessionUpdated => new SessionUpdatedEvent(JsonSerializer.Deserialize(json, context.SessionInfo)!),
            ServerEventType.SessionRemoved => WithKind(JsonSerializer.Deserialize(json, context.SessionRemovedEvent)!, kind),
            ServerEventType.SessionResized => WithKind(JsonSerializer.Deserialize(json, context.SessionResizedEvent)!, kind),
            ServerEventType.SessionAttention => WithKind(JsonSerializer.Deserialize(json, context.SessionAttentionEvent)!, kind),
            ServerEventType.MirrorSidebarUpdated => new SidebarUpdatedEvent(JsonSerializer.Deserialize(json, context.SidebarState)!),
            ServerEventType.MirrorStatus => JsonSerializer.Deserialize(json, context.MirrorStatusEvent)!,
            ServerEventType.DeviceSignedIn => new DeviceSignedInEvent(JsonSerializer.Deserialize(json, context.DeviceInfo)!),
            ServerEventType.DeviceUpdated => new DeviceUpdatedEvent(JsonSerializer.Deserialize(json, context.DeviceInfo)!),
            ServerEventType.DeviceRemoved => JsonSerializer.Deserialize(json, context.DeviceRemovedEvent)!,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not in the catalogue"),
        };
    }

    private static SessionRemovedEvent WithKind(SessionRemovedEvent e, SessionKind kind) => new(e.Id, e.ProjectId, kind);

    private static SessionResizedEvent WithKind(SessionResizedEvent e, SessionKind kind) => new(e.Id, e.Cols, e.Rows, kind);

    private static SessionAttentionEvent WithKind(SessionAttentionEvent e, SessionKind kind) => new(e.Id, e.Reason, e.Message, e.Since, kind);
}
