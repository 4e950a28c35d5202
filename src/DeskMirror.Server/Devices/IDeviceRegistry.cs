namespace DeskMirror.Server.Devices;

/// <summary>
/// The devices signed in to the mirror: the one front door for <c>GET /device</c>, <c>DELETE /device/{id}</c> and
/// the desktop UI. It does not know modes: callers ask <see cref="Modes.MirrorPolicy.CanManageDevices"/> first.
/// Changes are told on the event bus as desktop-only <c>device.signedin</c>, <c>device.updated</c> and <c>device.removed</c>.
/// </summary>
public interface IDeviceRegistry
{
    /// <summary>Every browser signed in to the mirror, the most recent sign-in first.</summary>
    IReadOnlyList<DeviceInfo> List();

    /// <summary>One device, or null when no signed-in device has that id.</summary>
    DeviceInfo? Find(string id);

    /// <summary>
    /// Ends the device's sign-in at once: its cookie stops working, and its open event streams, WebSockets and UI
    /// circuit connection are closed before this returns; then the sign-in is deleted from the database. False when
    /// no signed-in device has that id.
    /// </summary>
    Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default);
}
