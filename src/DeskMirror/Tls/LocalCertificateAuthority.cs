using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Internal;
using DeskMirror.Server.Storage;
using DeskMirror.Server.Tls;
using DeskMirror.Tls.Internal;

namespace DeskMirror.Tls;

/// <summary>
/// DeskMirror's own certificate authority, made on first use in <c>DATA/tls/</c>: <c>ca.crt</c> (the certificate a
/// phone installs) and <c>ca.key</c> (its private key, mode 0600). It signs only the mirror's server certificates.
/// A pair that cannot be used (unreadable, mismatched, not a CA, expired) is set aside, never overwritten, and a new
/// one is made; the note says phones must trust the new one.
/// </summary>
internal sealed class LocalCertificateAuthority : IDisposable
{
    public const string FolderName = "tls";
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";

    private LocalCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
        PublicCertificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        Fingerprint = CertificateFingerprint.Sha256(certificate);
    }

    /// <summary>The authority's certificate with its private key (for signing).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The same certificate without the key: what <c>/ca.crt</c> serves.</summary>
    public X509Certificate2 PublicCertificate { get; }

    /// <summary>SHA-256 of the certificate, as a phone shows it.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Loads the authority from <paramref name="folder"/>, or makes one. Notes (user-facing lines) say what was made,
    /// set aside or tightened.
    /// </summary>
    public static LocalCertificateAuthority LoadOrCreate(string folder, string hostLabel, TlsOptions options, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var directory = Directory.CreateDirectory(folder).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        var now = options.TimeProvider.GetUtcNow();
        if (!File.Exists(certificatePath) && !File.Exists(keyPath))
        {
            var created = Create(certificatePath, keyPath, hostLabel, options);
            notes.Add($"created DeskMirror's local certificate authority in {directory} (SHA-256 {created.Fingerprint}); phones trust it once, see /trust");
            return created;
        }

        var problem = Problem(certificatePath, keyPath, now, options, notes, out var loaded);
        if (loaded is not null)
        {
            return loaded;
        }

        var aside = new List<string>();
        foreach (var path in new[] { certificatePath, keyPath }.Where(File.Exists))
        {
            aside.Add(CorruptFile.SetAside(path, options.TimeProvider));
        }

        var fresh = Create(certificatePath, keyPath, hostLabel, options);
        notes.Add($"the local certificate authority in {directory} could not be used ({problem}); set aside as {string.Join(" and ", aside.Select(Path.GetFileName))}; "
            + $"a new one was created (SHA-256 {fresh.Fingerprint}): every phone that trusted the old one must trust the new one (open /trust on it)");
        return fresh;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        PublicCertificate.Dispose();
    }

    private static string? Problem(string certificatePath, string keyPath, DateTimeOffset now, TlsOptions options, ICollection<string> notes, out LocalCertificateAuthority? loaded)
    {
        loaded = null;
        if (!File.Exists(certificatePath))
        {
            return $"{CertificateFileName} is missing";
        }

        if (!File.Exists(keyPath))
        {
            return $"{KeyFileName} is missing";
        }

        X509Certificate2 certificate;
        try
        {
            if (KeyFileMode.Tighten(keyPath) is { } lax)
            {
                notes.Add($"{keyPath} was readable by others (mode {lax}); set to 0600");
            }

            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return ex.Message.TrimEnd('.');
        }

        string? problem = null;
        if (!TlsCertificates.IsAuthority(certificate))
        {
            problem = "it is not a certificate authority";
        }
        else if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime + options.ServerCertificateLifetime)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"it expires on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, too soon to sign a server certificate");
        }

        if (problem is not null)
        {
            certificate.Dispose();
            return problem;
        }

        loaded = new LocalCertificateAuthority(certificate);
        return null;
    }

    private static LocalCertificateAuthority Create(string certificatePath, string keyPath, string hostLabel, TlsOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = options.TimeProvider.GetUtcNow();
        var name = new X500DistinguishedNameBuilder();
        // The date tells two authorities of one host apart in a phone's list after one was replaced.
        name.AddCommonName(string.Create(CultureInfo.InvariantCulture, $"DeskMirror local CA ({hostLabel}, {now:yyyy-MM-dd})"));
        name.AddOrganizationName("DeskMirror");
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now + options.AuthorityLifetime);

        // Key first: a crash between the two writes leaves a key without a certificate, which the next start sets aside.
        SecretFile.WriteAtomically(keyPath, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        SecretFile.WriteAtomically(certificatePath, System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
        return new LocalCertificateAuthority(certificate);
    }
}
