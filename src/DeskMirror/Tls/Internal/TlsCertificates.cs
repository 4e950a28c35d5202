using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Tls.Internal;

/// <summary>Small facts about certificates the loader and the authority both need.</summary>
internal static class TlsCertificates
{
    /// <summary>
    /// A certificate whose key lives only in memory works for a TLS server on Linux; macOS and Windows need
    /// the key in a key store, which a PKCS#12 round trip gives it.
    /// </summary>
    public static X509Certificate2 UsableForTls(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (OperatingSystem.IsLinux())
        {
            return certificate;
        }

        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Whether the certificate says it is a certificate authority (basicConstraints CA:TRUE).</summary>
    public static bool IsAuthority(X509Certificate2 certificate)
        => certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
