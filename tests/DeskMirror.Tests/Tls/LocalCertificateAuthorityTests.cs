using System.Security.Cryptography.X509Certificates;
using DeskMirror.Server.Tls;
using DeskMirror.Tls;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Tests.Tls;

public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private readonly TempFolder _data = new();

    private string Folder => _data.Combine(LocalCertificateAuthority.FolderName);

    private string CertificateFile => Path.Combine(Folder, LocalCertificateAuthority.CertificateFileName);

    private string KeyFile => Path.Combine(Folder, LocalCertificateAuthority.KeyFileName);

    [Fact]
    public void LoadOrCreate_FirstRun_MakesATenYearAuthorityWithAPrivateKey()
    {
        var notes = new List<string>();
        using var authority = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), notes);

        var certificate = authority.Certificate;
        Assert.Contains("DeskMirror", certificate.Subject, StringComparison.Ordinal);
        Assert.Contains("studio", certificate.Subject, StringComparison.Ordinal);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.Critical);
        Assert.True(constraints.CertificateAuthority);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.InRange((certificate.NotAfter - DateTime.Now).TotalDays, 3640, 3660);
        Assert.True(certificate.HasPrivateKey);
        Assert.False(authority.PublicCertificate.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Folder));
        Assert.Contains(authority.Fingerprint, Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(CertificateFingerprint.Sha256(X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile))), authority.Fingerprint);
    }

    [Fact]
    public void LoadOrCreate_SecondRun_LoadsTheSameAuthoritySilently()
    {
        string first;
        using (var created = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), new List<string>()))
        {
            first = created.Fingerprint;
        }

        var notes = new List<string>();
        using var loaded = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), notes);

        Assert.Equal(first, loaded.Fingerprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Empty(notes);
    }

    [Fact]
    public void LoadOrCreate_CorruptCertificate_SetsBothAsideAndSaysPhonesMustTrustAgain()
    {
        using (LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), new List<string>()))
        {
        }

        var key = File.ReadAllText(KeyFile);
        File.WriteAllText(CertificateFile, "not a certificate");
        var notes = new List<string>();
        using var fresh = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), notes);

        var note = Assert.Single(notes);
        Assert.Contains("set aside", note, StringComparison.Ordinal);
        Assert.Contains("must trust the new one", note, StringComparison.Ordinal);
        var asideCertificate = Assert.Single(Directory.GetFiles(Folder, "ca.crt.corrupt-*"));
        var asideKey = Assert.Single(Directory.GetFiles(Folder, "ca.key.corrupt-*"));
        Assert.Equal("not a certificate", File.ReadAllText(asideCertificate));
        Assert.Equal(key, File.ReadAllText(asideKey));
        Assert.NotEqual(key, File.ReadAllText(KeyFile));
        Assert.True(fresh.Certificate.HasPrivateKey);
    }

    [Fact]
    public void LoadOrCreate_KeyOfAnotherAuthority_IsSetAsideNotUsed()
    {
        using (LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), new List<string>()))
        {
        }

        var otherFolder = _data.Combine("other");
        using (LocalCertificateAuthority.LoadOrCreate(otherFolder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), new List<string>()))
        {
        }

        File.Copy(Path.Combine(otherFolder, LocalCertificateAuthority.KeyFileName), KeyFile, overwrite: true);
        var notes = new List<string>();
        using var fresh = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), notes);

        Assert.Contains("could not be used", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Folder, "ca.key.corrupt-*"));
    }

    [Fact]
    public void LoadOrCreate_ExpiringAuthority_IsReplacedWithANote()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using (LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path, time: time), new List<string>()))
        {
        }

        time.Advance(TimeSpan.FromDays(3652 - 30));
        var notes = new List<string>();
        using var fresh = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path, time: time), notes);

        Assert.Contains("expires on", Assert.Single(notes), StringComparison.Ordinal);
        Assert.True(fresh.Certificate.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddYears(9));
    }

    [Fact]
    public void LoadOrCreate_KeyReadableByOthers_IsTightenedAndReported()
    {
        using (LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), new List<string>()))
        {
        }

        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var notes = new List<string>();
        using var loaded = LocalCertificateAuthority.LoadOrCreate(Folder, "studio", TestCertificates.LocalAuthorityOptions(_data.Path), notes);

        Assert.Contains("0644", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
    }

    public void Dispose() => _data.Dispose();
}
