using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;

namespace DeskMirror.Desktop;

/// <summary>
/// Sends <c>mirror.status</c> to desktop UIs (desktop only by its type). The password stays out of events: the UI
/// reads it through <see cref="IDesktopControl.GetMirrorStatus"/>.
/// </summary>
internal sealed class MirrorStatusPublisher(IEventBus? bus)
{
    public void Publish(MirrorStatus status) => bus?.Publish(MirrorStatusEvent.From(status));
}
