using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Push.Internal;

/// <summary>One device's push subscription as stored.</summary>
/// <param name="Id">Random, returned to the device that subscribed.</param>
/// <param name="Endpoint">The push service URL; a capability, never logged beyond its origin.</param>
/// <param name="P256dh">The device's ECDH public key, base64url.</param>
/// <param name="Auth">The device's authentication secret, base64url.</param>
/// <param name="Mode">The listener the device subscribed on.</param>
/// <param name="Origin">The page origin the device subscribed from (scheme, host and port of its request).</param>
/// <param name="ServerKey">The VAPID public key the subscription was made for.</param>
/// <param name="ExpiresAt">When the browser said the subscription ends, if it did.</param>
internal sealed record StoredSubscription(
    string Id, string Endpoint, string P256dh, string Auth, RequestMode Mode, string Origin, string ServerKey, DateTimeOffset? ExpiresAt)
{
    /// <summary>Keeps the endpoint's path and the keys out of any accidental print.</summary>
    public override string ToString() => $"StoredSubscription {{ Id = {Id}, Origin = {PushOrigin.Of(Endpoint)}, Mode = {Mode} }}";
}
