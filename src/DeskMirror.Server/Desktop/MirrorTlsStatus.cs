using DeskMirror.Server.Tls;

namespace DeskMirror.Server.Desktop;

/// <summary>
/// How the mirror does TLS, for the status popover and <c>deskmirror status</c>: the mode, where the certificate
/// comes from (<see cref="CertificateFile"/> null means DeskMirror's own authority) and the authority's SHA-256
/// fingerprint a person compares on the phone; <see cref="TrustUrl"/> is the trust page a phone opens (plain HTTP, on
/// the mirror's first address) while the mirror serves with that authority.
/// </summary>
public sealed record MirrorTlsStatus(MirrorTlsMode Mode, string? AuthorityFingerprint, string? CertificateFile, DateTimeOffset? CertificateExpires, string? TrustUrl)
{
    /// <summary>Whether the mirror port speaks TLS.</summary>
    public bool Enabled => Mode != MirrorTlsMode.Off;
}
