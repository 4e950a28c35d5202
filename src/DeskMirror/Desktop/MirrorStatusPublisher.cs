using System.Text.Json.Nodes;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;

namespace DeskMirror.Desktop;

/// <summary>
/// Sends <c>mirror.status</c> to desktop UIs (desktop only). The password stays out of events: the UI reads it
/// through <see cref="IDesktopControl.GetMirrorStatus"/>.
/// </summary>
internal sealed class MirrorStatusPublisher(IEventBus? bus)
{
    public void Publish(MirrorStatus status)
    {
        var properties = new JsonObject
        {
            ["state"] = status.State.ToString().ToLowerInvariant(),
            ["error"] = status.Error,
            ["port"] = status.Port,
            ["bindAddress"] = status.BindAddress,
            ["desktopUrl"] = status.DesktopUrl,
            ["lanUrls"] = new JsonArray([.. status.LanUrls.Select(u => (JsonNode?)JsonValue.Create(u))]),
            ["username"] = status.Username,
            ["https"] = status.Tls is { Enabled: true } && status.State == MirrorState.Serving,
            ["caFingerprint"] = status.Tls?.AuthorityFingerprint,
        };
        bus?.Publish("mirror.status", properties, desktopOnly: true);
    }
}
