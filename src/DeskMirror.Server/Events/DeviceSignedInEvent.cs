using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Devices;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>device.signedin</c>: a browser signed in to the mirror; the device as <c>GET /device</c> lists it. Desktop only:
/// the mirror never learns which devices are signed in.
/// </summary>
public sealed record DeviceSignedInEvent(DeviceInfo Device)
    : ServerEvent(ServerEventType.DeviceSignedIn)
{
    /// <summary>Always <see cref="EventAudience.DesktopOnly"/>.</summary>
    [JsonIgnore]
    public override EventAudience Audience => EventAudience.DesktopOnly;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, Device, EventJsonContext.Default.DeviceInfo);
}
