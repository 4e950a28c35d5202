namespace DeskMirror.Server.Auth.Internal;

/// <summary>The verdict of a credential check and, when throttled, how long until the address may try again.</summary>
internal readonly record struct CredentialCheckResult(CredentialVerdict Verdict, TimeSpan RetryAfter)
{
    public static readonly CredentialCheckResult Accepted = new(CredentialVerdict.Accepted, TimeSpan.Zero);

    public static readonly CredentialCheckResult Rejected = new(CredentialVerdict.Rejected, TimeSpan.Zero);

    public bool IsAccepted => Verdict == CredentialVerdict.Accepted;

    public bool IsThrottled => Verdict == CredentialVerdict.Throttled;
}
