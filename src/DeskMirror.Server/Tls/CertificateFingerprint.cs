using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Server.Tls;

/// <summary>The SHA-256 fingerprint people compare by eye: upper-case hex pairs joined by colons, as browsers and phones show it.</summary>
public static class CertificateFingerprint
{
    /// <summary><c>AB:CD:…</c>, 32 pairs.</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)));
    }
}
