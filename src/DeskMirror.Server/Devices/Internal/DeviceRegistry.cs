using DeskMirror.Server.Auth;
using DeskMirror.Server.Auth.Internal;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Push;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>
/// The mirror's sign-ins seen as devices: what each is (from <see cref="SignInRegistry"/>), what it has open (from
/// <see cref="SignInConnections"/>), and the one way a device's sign-in ends — in memory first, so its cookie stops
/// working, then its requests are aborted, the desktop is told, and the database forgets it. The desktop's own
/// sign-ins are not devices: they come from this computer and are left out.
/// </summary>
internal sealed class DeviceRegistry : IDeviceRegistry
{
    /// <summary>The push notification's title; the body names the device and its address.</summary>
    public const string NewDeviceTitle = "New device signed in to the mirror";

    /// <summary>The <c>reason</c> of a push message about a device.</summary>
    public const string PushReason = "device";

    private readonly SignInRegistry _signIns;
    private readonly SignInConnections _connections;
    private readonly LastSeenWriter _writer;
    private readonly IEventBus _events;
    private readonly IPushNotifier _push;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lastSeenInterval;
    private readonly ILogger<DeviceRegistry> _logger;

    public DeviceRegistry(
        SignInRegistry signIns,
        SignInConnections connections,
        LastSeenWriter writer,
        IEventBus events,
        IPushNotifier push,
        AppServerOptions options,
        ILogger<DeviceRegistry> logger)
    {
        _signIns = signIns;
        _connections = connections;
        _writer = writer;
        _events = events;
        _push = push;
        _time = options.TimeProvider;
        _lastSeenInterval = options.DeviceLastSeenInterval;
        _logger = logger;
        _connections.Changed += OnConnectionsChanged;
    }

    public IReadOnlyList<DeviceInfo> List()
        => [.. _signIns.ListActive(RequestMode.Mirror)
            .OrderByDescending(r => r.SignedInAt)
            .ThenBy(r => r.DeviceId, StringComparer.Ordinal)
            .Select(ToInfo)];

    public DeviceInfo? Find(string id)
        => _signIns.FindDevice(id, RequestMode.Mirror) is { } record ? ToInfo(record) : null;

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        if (_signIns.FindDevice(id, RequestMode.Mirror) is not { } record)
        {
            return false;
        }

        await EndAsync(record.Id, DeviceRemovalReason.Revoked, current: null);
        return true;
    }

    /// <summary>A browser signed in: on the mirror, the desktop is told (event and Web Push to desktop-subscribed devices).</summary>
    public void SignedIn(SignInRecord record)
    {
        if (record.Mode != RequestMode.Mirror)
        {
            return;
        }

        var device = ToInfo(record);
        var via = Name(record.Via);
        var description = Describe(device);
        Log.SignedIn(_logger, device.Id, via, description);
        _events.Publish(new DeviceSignedInEvent(device));
        _push.Notify(new PushMessage("device-" + device.Id, NewDeviceTitle, PushReason, Describe(device), "/"), PushAudience.DesktopOnly);
    }

    /// <summary>
    /// Ends a sign-in of either listener (sign-out, revocation): no cookie of it is honoured once this starts; a
    /// device's requests other than <paramref name="current"/> are aborted and the desktop is told; then the
    /// database forgets it, whether or not the caller is still waiting (else a restart would bring it back).
    /// Nothing happens when it has ended already.
    /// </summary>
    public async Task EndAsync(string signInId, DeviceRemovalReason reason, HttpContext? current)
    {
        if (!_signIns.TryRemoveFromMemory(signInId, out var record))
        {
            return;
        }

        Ended(record, reason, current);
        await _signIns.DeleteAsync(record.Id, CancellationToken.None);
    }

    /// <summary>Sign-ins already ended in memory (all of them, when the credentials changed): closes what the devices had open.</summary>
    public void Ended(IEnumerable<SignInRecord> records, DeviceRemovalReason reason)
    {
        foreach (var record in records)
        {
            Ended(record, reason, current: null);
        }
    }

    /// <summary>
    /// Follows one request of a mirror sign-in until the handle is disposed, and moves its last-seen time on when it
    /// is due. Null when the sign-in ended between the cookie check and now: the caller must not serve the request.
    /// </summary>
    public TrackedRequest? Track(SignInRecord record, HttpContext context)
    {
        var tracked = _connections.Track(record.Id, context);
        // Ending removes the sign-in first and aborts its requests after: either that sweep saw this request, or
        // this check sees the sign-in gone.
        if (!_signIns.IsActive(record.Id, record.Mode))
        {
            tracked.Dispose();
            Log.RequestAfterEnd(_logger, record.DeviceId);
            return null;
        }

        if (record.TryTouch(_time.GetUtcNow(), _lastSeenInterval, ClientAddress.Of(context), context.Request.Headers.UserAgent.ToString()))
        {
            _writer.Enqueue(record);
            _events.Publish(new DeviceUpdatedEvent(ToInfo(record)));
        }

        return tracked;
    }

    /// <summary>"Android, 192.168.1.23": what a person needs to recognise the device.</summary>
    public static string Describe(DeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return $"{device.Os ?? device.Browser ?? "Unknown device"}, {device.Address ?? "unknown address"}";
    }

    private void Ended(SignInRecord record, DeviceRemovalReason reason, HttpContext? current)
    {
        if (record.Mode != RequestMode.Mirror)
        {
            return;
        }

        var aborted = _connections.Abort(record.Id, current);
        _events.Publish(new DeviceRemovedEvent(record.DeviceId, reason));
        var address = record.Address ?? "an unknown address";
        var why = Name(reason);
        Log.Removed(_logger, record.DeviceId, address, why, aborted);
    }

    private void OnConnectionsChanged(string signInId)
    {
        if (_signIns.TryGet(signInId, out var record) && record.Mode == RequestMode.Mirror)
        {
            _events.Publish(new DeviceUpdatedEvent(ToInfo(record)));
        }
    }

    private DeviceInfo ToInfo(SignInRecord record)
    {
        var userAgent = record.UserAgent;
        var summary = UserAgentSummary.Parse(userAgent);
        return new DeviceInfo(
            record.DeviceId,
            record.Address,
            string.IsNullOrEmpty(userAgent) ? null : userAgent,
            summary.Browser,
            summary.Os,
            record.SignedInAt,
            record.LastSeenAt,
            _connections.StreamCount(record.Id),
            record.Via,
            record.Mode);
    }

    private static string Name(DeviceRemovalReason reason) => reason switch
    {
        DeviceRemovalReason.Revoked => "revoked on the desktop",
        DeviceRemovalReason.SignedOut => "it signed out",
        _ => "the credentials changed",
    };

    private static string Name(SignInVia? via) => via switch
    {
        SignInVia.Password => "password",
        SignInVia.Pairing => "pairing link",
        SignInVia.Launch => "launch link",
        _ => "an earlier version",
    };
}
