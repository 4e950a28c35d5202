namespace DeskMirror.Server.Push.Internal;

/// <summary><c>GET /push/key</c>: the VAPID public key, base64url, for <c>pushManager.subscribe({ applicationServerKey })</c>.</summary>
internal sealed record PushKeyResponse(string PublicKey);

/// <summary><c>POST /push/subscription</c>: the id to delete it with.</summary>
internal sealed record SubscriptionCreatedResponse(string Id);

/// <summary>The encrypted payload a device receives.</summary>
internal sealed record PushPayload(string SessionId, string Title, string Reason, string? Message, string Url);
