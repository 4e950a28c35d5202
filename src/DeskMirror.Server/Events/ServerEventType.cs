namespace DeskMirror.Server.Events;

/// <summary>
/// The catalogue of event types: every name that appears as <c>event:</c> on <c>GET /event</c> and as
/// <c>"type"</c> in its envelope. Each has one payload record deriving from <see cref="ServerEvent"/>, which
/// also says who may receive it.
/// </summary>
public static class ServerEventType
{
    /// <summary>First frame of every stream, without an id: <see cref="ServerConnectedEvent"/>.</summary>
    public const string ServerConnected = "server.connected";

    /// <summary>The client's <c>Last-Event-ID</c> is gone from the replay buffer; refetch: <see cref="ServerResyncEvent"/>.</summary>
    public const string ServerResync = "server.resync";

    /// <summary>A project was added or changed: <see cref="ProjectUpdatedEvent"/>.</summary>
    public const string ProjectUpdated = "project.updated";

    /// <summary>A project was removed: <see cref="ProjectRemovedEvent"/>.</summary>
    public const string ProjectRemoved = "project.removed";

    /// <summary>Files in a project's work tree changed: <see cref="ProjectChangesEvent"/>.</summary>
    public const string ProjectChanges = "project.changes";

    /// <summary>A session started (or failed to): <see cref="SessionCreatedEvent"/>.</summary>
    public const string SessionCreated = "session.created";

    /// <summary>A session changed (it ended): <see cref="SessionUpdatedEvent"/>.</summary>
    public const string SessionUpdated = "session.updated";

    /// <summary>An ended session was removed: <see cref="SessionRemovedEvent"/>.</summary>
    public const string SessionRemoved = "session.removed";

    /// <summary>A session's terminal size changed: <see cref="SessionResizedEvent"/>.</summary>
    public const string SessionResized = "session.resized";

    /// <summary>A session needs its person: <see cref="SessionAttentionEvent"/>.</summary>
    public const string SessionAttention = "session.attention";

    /// <summary>The desktop's sidebar changed: <see cref="SidebarUpdatedEvent"/>.</summary>
    public const string MirrorSidebarUpdated = "mirror.sidebar.updated";

    /// <summary>The mirror's state changed (desktop only): <see cref="MirrorStatusEvent"/>.</summary>
    public const string MirrorStatus = "mirror.status";

    /// <summary>A browser signed in to the mirror (desktop only): <see cref="DeviceSignedInEvent"/>.</summary>
    public const string DeviceSignedIn = "device.signedin";

    /// <summary>A signed-in device's connections or last-seen time changed (desktop only): <see cref="DeviceUpdatedEvent"/>.</summary>
    public const string DeviceUpdated = "device.updated";

    /// <summary>A device's sign-in ended (desktop only): <see cref="DeviceRemovedEvent"/>.</summary>
    public const string DeviceRemoved = "device.removed";

    /// <summary>Every type above, in this order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ServerConnected,
        ServerResync,
        ProjectUpdated,
        ProjectRemoved,
        ProjectChanges,
        SessionCreated,
        SessionUpdated,
        SessionRemoved,
        SessionResized,
        SessionAttention,
        MirrorSidebarUpdated,
        MirrorStatus,
        DeviceSignedIn,
        DeviceUpdated,
        DeviceRemoved,
    ];
}
