namespace DeskMirror.Server.Auth;

/// <summary>Body of <c>POST /auth/pairing-link</c>: a path relative to the mirror's address, valid once until <see cref="ExpiresAt"/>.</summary>
public sealed record PairingLinkResponse(string Path, DateTimeOffset ExpiresAt);
