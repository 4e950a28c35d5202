using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>device.removed</c> <c>{ "id", "reason" }</c>: a device's sign-in ended; <paramref name="Reason"/> is
/// <c>revoked</c>, <c>signedOut</c> or <c>credentialsChanged</c>. Desktop only.
/// </summary>
public sealed record DeviceRemovedEvent(string Id, DeviceRemovalReason Reason)
    : ServerEvent(ServerEventType.DeviceRemoved)
{
    /// <summary>Always <see cref="EventAudience.DesktopOnly"/>.</summary>
    [JsonIgnore]
    public override EventAudience Audience => EventAudience.DesktopOnly;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.DeviceRemovedEvent);
}
