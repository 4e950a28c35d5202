using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Tls;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Tests.Tls;

/// <summary>The issued server certificate, served by a real Kestrel HTTPS endpoint and checked by a client that trusts only the local authority.</summary>
public sealed class ServerCertificateTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public void Issue_NamesEveryAddressTheHostAndDotLocal_ForServerAuthOnly()
    {
        var identity = TestCertificates.Identity(IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::5"), IPAddress.Parse("fe80::1%2"));
        using var certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(_data.Path, () => identity));
        var certificate = certificates.Certificate;

        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "studio", "studio.local"], san.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "127.0.0.1", "192.0.2.10", "::1", "2001:db8::5", "fe80::1" }.Order(StringComparer.Ordinal),
            san.EnumerateIPAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal));
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.InRange((certificate.NotAfter - DateTime.Now).TotalDays, 89, 91);
        Assert.Equal(certificates.Authority!.Certificate.Subject, certificate.Issuer);
    }

    [Fact]
    public async Task Https_ClientTrustingOnlyTheAuthority_ValidatesTheLanAddress()
    {
        using var certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(_data.Path));
        await using var endpoint = await TestCertificates.StartHttpsAsync(certificates);
        var port = TestCertificates.PortOf(endpoint);
        using var client = TestCertificates.ClientTrusting(certificates.Authority!.PublicCertificate, port);

        foreach (var host in new[] { "192.0.2.10", "studio.local", "127.0.0.1", "localhost" })
        {
            var body = await client.GetStringAsync(new Uri($"https://{host}:{port}/")).DefaultTimeout($"GET https://{host}");
            Assert.Contains("secure?", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Https_AddressNotNamedOrAuthorityNotTrusted_IsRefused()
    {
        using var certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(_data.Path));
        await using var endpoint = await TestCertificates.StartHttpsAsync(certificates);
        var port = TestCertificates.PortOf(endpoint);
        using var trusting = TestCertificates.ClientTrusting(certificates.Authority!.PublicCertificate, port);
        using var untrusting = TestCertificates.ClientTrusting(null, port);

        var otherName = await Assert.ThrowsAsync<HttpRequestException>(() => trusting.GetStringAsync(new Uri($"https://192.0.2.99:{port}/")).DefaultTimeout("GET an address the certificate does not name"));
        Assert.IsType<AuthenticationException>(otherName.InnerException);
        var notTrusted = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetStringAsync(new Uri($"https://192.0.2.10:{port}/")).DefaultTimeout("GET without trusting the authority"));
        Assert.IsType<AuthenticationException>(notTrusted.InnerException);
    }

    [Fact]
    public async Task Refresh_AddressesChanged_ReissuesAndTheRunningEndpointPresentsTheNewOne()
    {
        var addresses = new List<IPAddress> { IPAddress.Parse("192.0.2.10") };
        using var certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(_data.Path, () => TestCertificates.Identity([.. addresses])));
        await using var endpoint = await TestCertificates.StartHttpsAsync(certificates);
        var port = TestCertificates.PortOf(endpoint);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        certificates.Changed += (_, _) => changed.TrySetResult();
        var before = certificates.Certificate;

        Assert.False(certificates.Refresh());
        addresses.Add(IPAddress.Parse("192.0.2.20"));
        Assert.True(certificates.Refresh());
        await changed.Task.DefaultTimeout("the Changed event");

        Assert.NotEqual(before.Thumbprint, certificates.Certificate.Thumbprint);
        using var client = TestCertificates.ClientTrusting(certificates.Authority!.PublicCertificate, port);
        Assert.Contains("secure?", await client.GetStringAsync(new Uri($"https://192.0.2.20:{port}/")).DefaultTimeout("GET the new address"), StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_NearItsEnd_Reissues()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(_data.Path, time: time));
        var first = certificates.Certificate.Thumbprint;

        time.Advance(TimeSpan.FromDays(59));
        Assert.False(certificates.Refresh());
        time.Advance(TimeSpan.FromDays(2));
        Assert.True(certificates.Refresh());

        Assert.NotEqual(first, certificates.Certificate.Thumbprint);
        Assert.True(certificates.Certificate.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(89));
    }

    [Fact]
    public void StartWatching_PeriodicCheck_ReissuesOnTheTimer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var addresses = new List<IPAddress> { IPAddress.Parse("192.0.2.10") };
        var options = new TlsOptions
        {
            DataDirectory = _data.Path,
            TimeProvider = time,
            Identity = () => TestCertificates.Identity([.. addresses]),
            CheckInterval = TimeSpan.FromMinutes(10),
        };
        using var certificates = TestCertificates.Create(options);
        var changed = 0;
        certificates.Changed += (_, _) => Interlocked.Increment(ref changed);
        certificates.StartWatching();

        addresses.Add(IPAddress.Parse("192.0.2.30"));
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(1, Volatile.Read(ref changed));
        var san = certificates.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.Parse("192.0.2.30"), san.EnumerateIPAddresses());
    }

    public void Dispose() => _data.Dispose();
}
