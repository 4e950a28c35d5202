using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Tls.Internal;

namespace DeskMirror.Tls;

/// <summary>
/// Reads a certificate the user brings (e.g. from <c>tailscale cert</c> or mkcert): a PEM file with the server
/// certificate first and any intermediates after it, and an unencrypted PEM private key, RSA or EC, that matches
/// it. Each problem is one line naming the file.
/// </summary>
internal static class PemCertificateFiles
{
    /// <summary>The certificate with its key and the chain that follows it in the file, or the reason it cannot be used.</summary>
    public static PemLoadResult Load(string certificatePath, string keyPath, (string Certificate, string Key) names, DateTimeOffset now)
    {
        if (Read(certificatePath, names.Certificate, out var certificateText) is { } certificateError)
        {
            return PemLoadResult.Failed(certificateError);
        }

        if (Read(keyPath, names.Key, out var keyText) is { } keyError)
        {
            return PemLoadResult.Failed(keyError);
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            var rest = certificateText.AsSpan();
            while (PemEncoding.TryFind(rest, out var fields))
            {
                if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(rest[fields.Base64Data].ToString())));
                }

                rest = rest[fields.Location.End..];
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            Dispose(certificates);
            return PemLoadResult.Failed($"{names.Certificate} {certificatePath}: a certificate in it cannot be read ({ex.Message.TrimEnd('.')})");
        }

        if (certificates.Count == 0)
        {
            return PemLoadResult.Failed($"{names.Certificate} {certificatePath}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }

        var leaf = certificates[0];
        var chain = certificates.Skip(1).ToList();
        var (withKey, problem) = AttachKey(leaf, keyText, keyPath, certificatePath, names);
        leaf.Dispose();
        if (withKey is null)
        {
            Dispose(chain);
            return PemLoadResult.Failed(problem!);
        }

        if (withKey.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            var expired = withKey.NotAfter.ToUniversalTime();
            withKey.Dispose();
            Dispose(chain);
            return PemLoadResult.Failed(string.Create(CultureInfo.InvariantCulture, $"{names.Certificate} {certificatePath}: the certificate expired on {expired:yyyy-MM-dd}"));
        }

        var lax = KeyFileMode.Lax(keyPath);
        return new PemLoadResult(TlsCertificates.UsableForTls(withKey), chain, null,
            lax is null ? null : $"{names.Key} {keyPath} is readable by other users (mode {lax}); chmod 600 it");
    }

    private static (X509Certificate2? Certificate, string? Problem) AttachKey(X509Certificate2 leaf, string keyText, string keyPath, string certificatePath, (string Certificate, string Key) names)
    {
        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal) || keyText.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            return (null, $"{names.Key} {keyPath}: the key is encrypted; give an unencrypted PEM key (openssl pkey -in KEY -out PLAIN.key)");
        }

        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return (null, $"{names.Key} {keyPath}: no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC) in it");
        }

        try
        {
            if (leaf.GetRSAPublicKey() is { } rsaPublic)
            {
                rsaPublic.Dispose();
                using var rsa = RSA.Create();
                rsa.ImportFromPem(keyText);
                return (leaf.CopyWithPrivateKey(rsa), null);
            }

            if (leaf.GetECDsaPublicKey() is { } ecPublic)
            {
                ecPublic.Dispose();
                using var ec = ECDsa.Create();
                ec.ImportFromPem(keyText);
                return (leaf.CopyWithPrivateKey(ec), null);
            }
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return (null, $"{names.Key} {keyPath} does not match the certificate in {names.Certificate} {certificatePath}");
        }

        return (null, $"{names.Certificate} {certificatePath}: the certificate's key is neither RSA nor EC");
    }

    private static string? Read(string path, string name, out string text)
    {
        text = "";
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Directory.Exists(path) ? $"{name} {path} is a folder, not a PEM file" : $"{name} {path}: no such file";
            }

            // Certificate chains and keys are a few KiB; anything this large is the wrong file.
            if (info.Length > 1024 * 1024)
            {
                return $"{name} {path} is larger than 1 MiB; it is not a PEM certificate or key";
            }

            text = File.ReadAllText(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{name} {path} cannot be read ({ex.Message.TrimEnd('.')})";
        }
    }

    private static void Dispose(IEnumerable<X509Certificate2> certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
