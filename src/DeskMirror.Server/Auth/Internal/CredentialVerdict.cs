namespace DeskMirror.Server.Auth.Internal;

/// <summary>What one credential check decided.</summary>
internal enum CredentialVerdict
{
    /// <summary>The credential is right and was not refused by the throttle.</summary>
    Accepted,

    /// <summary>The credential is wrong or malformed; the failure was counted.</summary>
    Rejected,

    /// <summary>The address has failed too often: refused before anything was compared.</summary>
    Throttled,
}
