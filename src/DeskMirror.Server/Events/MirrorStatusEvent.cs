using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>mirror.status</c> <c>{ "state", "error", "port", "bindAddress", "desktopUrl", "lanUrls", "username", "https",
/// "caFingerprint" }</c>: the status popover's state without the password (the UI reads that through <see cref="IDesktopControl"/>).
/// Desktop only, whatever it carries.
/// </summary>
public sealed record MirrorStatusEvent(
    MirrorState State,
    string? Error,
    int Port,
    string BindAddress,
    string DesktopUrl,
    IReadOnlyList<string> LanUrls,
    string Username,
    bool Https,
    string? CaFingerprint)
    : ServerEvent(ServerEventType.MirrorStatus)
{
    /// <summary>Always <see cref="EventAudience.DesktopOnly"/>: the mirror never learns the desktop's mirror settings.</summary>
    [JsonIgnore]
    public override EventAudience Audience => EventAudience.DesktopOnly;

    /// <summary>The event for a status, leaving the password out.</summary>
    public static MirrorStatusEvent From(MirrorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(
            status.State,
            status.Error,
            status.Port,
            status.BindAddress,
            status.DesktopUrl,
            status.LanUrls,
            status.Username,
            Https: status.Tls is { Enabled: true } && status.State == MirrorState.Serving,
            CaFingerprint: status.Tls?.AuthorityFingerprint);
    }

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.MirrorStatusEvent);
}
