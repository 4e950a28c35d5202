using DeskMirror.Server.Devices;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Web.Internal;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// The devices signed in to the mirror, as one desktop circuit shows them (the status popover's list, the notice of a
/// new one). It follows the bus's <c>device.*</c> events, which only the desktop receives; on the mirror it stays
/// empty and asks nothing. Revoking goes through <see cref="IDeviceRegistry"/>, the same front door as
/// <c>DELETE /device/{id}</c>.
/// </summary>
internal sealed class DeviceState : IDisposable
{
    private readonly UiContext _ui;
    private readonly IDeviceRegistry _devices;
    private readonly IEventBus _events;
    private readonly ILogger<DeviceState> _logger;
    private IDisposable? _subscription;

    public DeviceState(UiContext ui, IDeviceRegistry devices, IEventBus events, ILogger<DeviceState> logger)
    {
        _ui = ui;
        _devices = devices;
        _events = events;
        _logger = logger;
    }

    /// <summary>Raised after the list changed; may come from any thread.</summary>
    public event Action? Changed;

    /// <summary>Raised with a device that just signed in to the mirror; may come from any thread.</summary>
    public event Action<DeviceInfo>? SignedIn;

    /// <summary>Every signed-in mirror device, the most recent sign-in first; empty on the mirror.</summary>
    public IReadOnlyList<DeviceInfo> Devices { get; private set; } = [];

    /// <summary>Loads the list and follows changes; on the desktop only, and once.</summary>
    public void Start()
    {
        if (_subscription is not null || !MirrorPolicy.CanManageDevices(_ui.Mode))
        {
            return;
        }

        _subscription = _events.Subscribe(OnEvent);
        Devices = _devices.List();
    }

    /// <summary>Sends the device away; false when it had gone already (the list is reloaded either way).</summary>
    public async Task<bool> RevokeAsync(string id)
    {
        if (!MirrorPolicy.CanManageDevices(_ui.Mode))
        {
            throw new InvalidOperationException("The mirror cannot revoke devices.");
        }

        bool revoked;
        try
        {
            revoked = await _devices.RevokeAsync(id);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            Log.ActionFailed(_logger, "revoke a device", ex);
            revoked = false;
        }

        Reload();
        return revoked;
    }

    private void OnEvent(ServerEvent e)
    {
        // Runs on the publisher's thread under the bus's lock: only cheap work here.
        if (!MirrorPolicy.CanReceiveEvent(_ui.Mode, e.Audience))
        {
            return;
        }

        switch (e)
        {
            case DeviceSignedInEvent added:
                Reload();
                SignedIn?.Invoke(added.Device);
                break;
            case DeviceUpdatedEvent or DeviceRemovedEvent:
                Reload();
                break;
        }
    }

    private void Reload()
    {
        Devices = _devices.List();
        Changed?.Invoke();
    }

    public void Dispose() => _subscription?.Dispose();
}
