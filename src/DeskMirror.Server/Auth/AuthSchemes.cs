namespace DeskMirror.Server.Auth;

/// <summary>Names of the authentication schemes and claims, for the UI and tests.</summary>
internal static class AuthSchemes
{
    /// <summary>The default scheme: picks Basic when an <c>Authorization: Basic</c> header is sent, else the listener's cookie.</summary>
    public const string Default = "DeskMirror";

    /// <summary>HTTP Basic Auth, realm <c>DeskMirror</c>.</summary>
    public const string Basic = "Basic";

    /// <summary>Browser sign-in on the desktop listener.</summary>
    public const string DesktopCookie = "DeskMirror.DesktopCookie";

    /// <summary>Browser sign-in on the mirror listener.</summary>
    public const string MirrorCookie = "DeskMirror.MirrorCookie";

    /// <summary>Cookie name on the desktop listener; a different name per listener keeps the two sign-ins apart on one host.</summary>
    public const string DesktopCookieName = "deskmirror_desktop";

    /// <summary>Cookie name on the mirror listener.</summary>
    public const string MirrorCookieName = "deskmirror_mirror";

    /// <summary>Realm sent in <c>WWW-Authenticate</c>.</summary>
    public const string Realm = "DeskMirror";

    /// <summary>Claim: how the request was authenticated, <c>basic</c> or <c>cookie</c>.</summary>
    public const string ViaClaim = "deskmirror:via";

    /// <summary>Claim: the browser sign-in id, which sign-out and a password change revoke.</summary>
    public const string SignInIdClaim = "deskmirror:sid";

    /// <summary>Claim: the listener a cookie was issued on (<c>desktop</c> or <c>mirror</c>).</summary>
    public const string ModeClaim = "deskmirror:mode";
}
