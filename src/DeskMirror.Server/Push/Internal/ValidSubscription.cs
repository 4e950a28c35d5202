namespace DeskMirror.Server.Push.Internal;

/// <summary>A PushSubscription that passed <see cref="SubscriptionValidator"/>: keys re-encoded as unpadded base64url.</summary>
internal sealed record ValidSubscription(string Endpoint, string P256dh, string Auth, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"ValidSubscription {{ Origin = {PushOrigin.Of(Endpoint)} }}";
}
