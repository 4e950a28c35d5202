using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>device.updated</c>: a signed-in device opened or closed a connection, or was seen again (at most once per
/// last-seen interval); the device as <c>GET /device</c> lists it. Desktop only.
/// </summary>
public sealed record DeviceUpdatedEvent(DeviceInfo Device)
    : ServerEvent(ServerEventType.DeviceUpdated)
{
    /// <summary>Always <see cref="EventAudience.DesktopOnly"/>.</summary>
    [JsonIgnore]
    public override EventAudience Audience => EventAudience.DesktopOnly;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, Device, EventJsonContext.Default.DeviceInfo);
}
