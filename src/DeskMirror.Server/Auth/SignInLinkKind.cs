namespace DeskMirror.Server.Auth;

/// <summary>Where a one-time sign-in link may be redeemed.</summary>
public enum SignInLinkKind
{
    /// <summary>Redeemed at <c>GET /auth/pair?token=…</c> on the mirror listener.</summary>
    Pairing,

    /// <summary>Redeemed at <c>GET /?token=…</c> on the desktop listener.</summary>
    Launch,
}
