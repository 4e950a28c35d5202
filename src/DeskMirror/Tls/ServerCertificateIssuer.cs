using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Tls.Internal;

namespace DeskMirror.Tls;

/// <summary>
/// Issues the mirror's server certificate from the local authority: ECDSA P-256, every name and address of
/// <see cref="ServerIdentity"/> as subjectAltName, extendedKeyUsage serverAuth, not a CA. That is the shape
/// Chromium, Safari and Android accept for a certificate chaining to a user-installed root.
/// </summary>
internal static class ServerCertificateIssuer
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    public static X509Certificate2 Issue(LocalCertificateAuthority authority, ServerIdentity identity, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(identity);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(identity.HostLabel + ".local");
        name.AddOrganizationName("DeskMirror");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in identity.DnsNames)
        {
            san.AddDnsName(dns);
        }

        foreach (var address in identity.Addresses)
        {
            san.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority.Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var authorityEnd = new DateTimeOffset(authority.Certificate.NotAfter.ToUniversalTime());
        var notAfter = now + lifetime < authorityEnd ? now + lifetime : authorityEnd;
        // An hour back, so a phone whose clock runs a little behind still accepts a certificate issued just now.
        using var signed = request.Create(authority.Certificate, now.AddHours(-1), notAfter, serial);
        return TlsCertificates.UsableForTls(signed.CopyWithPrivateKey(key));
    }
}
