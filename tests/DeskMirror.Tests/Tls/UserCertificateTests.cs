using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Settings;
using DeskMirror.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Tests.Tls;

/// <summary>The user's own PEM certificate and key: precedence over the local authority, and one clear line for each bad input.</summary>
public sealed class UserCertificateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Create_UserPair_ServesItAndMakesNoAuthority(bool rsa)
    {
        var (certificate, key) = TestCertificates.WriteUserPair(_folder, "mirror.example.ts.net", rsa);
        using var certificates = TestCertificates.Create(new TlsOptions { CertificatePath = certificate, KeyPath = key, DataDirectory = _folder.Combine("data") });

        Assert.Null(certificates.Authority);
        Assert.Equal(certificate, certificates.CertificateFile);
        Assert.Equal("CN=mirror.example.ts.net", certificates.Certificate.Subject);
        Assert.False(Directory.Exists(_folder.Combine("data", LocalCertificateAuthority.FolderName)));
        Assert.False(certificates.Refresh());

        await using var endpoint = await TestCertificates.StartHttpsAsync(certificates);
        var port = TestCertificates.PortOf(endpoint);
        using var client = TestCertificates.ClientTrusting(X509Certificate2.CreateFromPem(File.ReadAllText(certificate)), port);
        Assert.Contains("secure?", await client.GetStringAsync(new Uri($"https://mirror.example.ts.net:{port}/")).DefaultTimeout("GET with the user's certificate"), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FlagsBeforeSettingsBeforeAuthority()
    {
        var settingsFile = _folder.Combine("config", "settings.json");
        var fromFile = new DeskMirrorSettings { TlsCertificate = "certs/file.crt", TlsKey = "certs/file.key" };

        var flagged = MirrorTlsSetup.Options(new DeskMirrorSettings { TlsCertificate = "flag.crt", TlsKey = "flag.key" }, fromFile, settingsFile, _folder.Path);
        var settings = MirrorTlsSetup.Options(new DeskMirrorSettings(), fromFile, settingsFile, _folder.Path);
        var authority = MirrorTlsSetup.Options(new DeskMirrorSettings(), new DeskMirrorSettings(), settingsFile, _folder.Path);

        Assert.Equal(Path.GetFullPath("flag.crt"), flagged.CertificatePath);
        Assert.Equal("--tls-cert", flagged.Names.Certificate);
        Assert.Equal(_folder.Combine("config", "certs", "file.crt"), settings.CertificatePath);
        Assert.Equal(_folder.Combine("config", "certs", "file.key"), settings.KeyPath);
        Assert.Equal("settings tlsCertificate", settings.Names.Certificate);
        Assert.Null(authority.CertificatePath);
        Assert.Null(authority.KeyPath);
    }

    [Fact]
    public void OverriddenBy_FlagCertificate_NeverPairsWithTheFilesKey()
    {
        var fromFile = new DeskMirrorSettings { TlsCertificate = "file.crt", TlsKey = "file.key" };

        var merged = fromFile.OverriddenBy(new DeskMirrorSettings { TlsCertificate = "flag.crt" });

        Assert.Equal("flag.crt", merged.TlsCertificate);
        Assert.Null(merged.TlsKey);
    }

    [Fact]
    public void Create_MissingFile_SaysSo()
        => Assert.Equal($"--tls-cert {_folder.Combine("none.crt")}: no such file", Error(_folder.Combine("none.crt"), _folder.Combine("none.key")));

    [Fact]
    public void Create_OnlyOneOfThePair_SaysTheyGoTogether()
    {
        var setup = MirrorCertificates.Create(new TlsOptions { CertificatePath = _folder.Combine("a.crt"), DataDirectory = _folder.Path }, NullLogger.Instance);
        Assert.Equal("--tls-cert and --tls-key go together; give both", setup.Error);
    }

    [Fact]
    public void Create_FolderInsteadOfFile_SaysSo()
    {
        var (_, key) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        Assert.Equal($"--tls-cert {_folder.Path} is a folder, not a PEM file", Error(_folder.Path, key));
    }

    [Fact]
    public void Create_NoCertificateInTheFile_SaysSo()
    {
        var (_, key) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        var notPem = _folder.Combine("notes.txt");
        File.WriteAllText(notPem, "hello");
        Assert.Equal($"--tls-cert {notPem}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it", Error(notPem, key));
    }

    [Fact]
    public void Create_EncryptedKey_SaysToDecryptIt()
    {
        var (certificate, key) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(File.ReadAllText(key));
        File.WriteAllText(key, ec.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        Assert.Equal($"--tls-key {key}: the key is encrypted; give an unencrypted PEM key (openssl pkey -in KEY -out PLAIN.key)", Error(certificate, key));
    }

    [Fact]
    public void Create_KeyOfAnotherCertificate_SaysItDoesNotMatch()
    {
        var (certificate, _) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        var (_, otherKey) = TestCertificates.WriteUserPair(_folder, "b", rsa: false);
        Assert.Equal($"--tls-key {otherKey} does not match the certificate in --tls-cert {certificate}", Error(certificate, otherKey));
    }

    [Fact]
    public void Create_RsaKeyForAnEcCertificate_SaysItDoesNotMatch()
    {
        var (certificate, _) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        var (_, rsaKey) = TestCertificates.WriteUserPair(_folder, "b", rsa: true);
        Assert.Equal($"--tls-key {rsaKey} does not match the certificate in --tls-cert {certificate}", Error(certificate, rsaKey));
    }

    [Fact]
    public void Create_NoKeyInTheKeyFile_SaysSo()
    {
        var (certificate, _) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        Assert.Equal($"--tls-key {certificate}: no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC) in it", Error(certificate, certificate));
    }

    [Fact]
    public void Create_ExpiredCertificate_SaysWhen()
    {
        var end = DateTimeOffset.UtcNow.AddDays(-3);
        var (certificate, key) = TestCertificates.WriteUserPair(_folder, "a", rsa: false, notAfter: end);
        Assert.Equal($"--tls-cert {certificate}: the certificate expired on {end.UtcDateTime:yyyy-MM-dd}", Error(certificate, key));
    }

    [Fact]
    public void Create_KeyReadableByOthers_WarnsButServes()
    {
        var (certificate, key) = TestCertificates.WriteUserPair(_folder, "a", rsa: false);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var notes = new List<string>();
        using var certificates = TestCertificates.Create(new TlsOptions { CertificatePath = certificate, KeyPath = key, DataDirectory = _folder.Path }, notes);

        Assert.Equal($"--tls-key {key} is readable by other users (mode 0640); chmod 600 it", Assert.Single(notes));
    }

    private string? Error(string certificate, string key)
        => MirrorCertificates.Create(new TlsOptions { CertificatePath = certificate, KeyPath = key, DataDirectory = _folder.Path }, NullLogger.Instance).Error;

    public void Dispose() => _folder.Dispose();
}
