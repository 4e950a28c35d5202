using System.Text.Json.Serialization;

namespace DeskMirror.Server.Push.Internal;

/// <summary>The body of <c>POST /push/subscription</c>: what the browser's <c>PushSubscription.toJSON()</c> gives.</summary>
internal sealed record SubscriptionRequest(
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("keys")] SubscriptionRequestKeys? Keys,
    [property: JsonPropertyName("expirationTime")] double? ExpirationTime);

/// <summary>The <c>keys</c> member: base64url <c>p256dh</c> (the device's ECDH public key) and <c>auth</c> (its secret).</summary>
internal sealed record SubscriptionRequestKeys(
    [property: JsonPropertyName("p256dh")] string? P256dh,
    [property: JsonPropertyName("auth")] string? Auth);
