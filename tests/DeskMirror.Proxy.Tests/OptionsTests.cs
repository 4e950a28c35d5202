using System.Net;

namespace DeskMirror.Proxy.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Validate_SeveralBadOptions_ReportsEveryOneByName()
    {
        var options = new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 1),
            MaxConnections = 0,
            MaxConnectionsPerAddress = -1,
            DescriptorReserve = -5,
            FirstByteTimeout = TimeSpan.Zero,
            HalfCloseTimeout = TimeSpan.FromDays(2),
            BufferSize = 10,
        };

        var errors = options.Validate();

        Assert.Equal(6, errors.Count);
        foreach (var name in new[] { "MaxConnections ", "MaxConnectionsPerAddress", "DescriptorReserve", "FirstByteTimeout", "HalfCloseTimeout", "BufferSize" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_TlsOptionsThatContradict_ReportsEveryOneByName()
    {
        using var tls = Infrastructure.TestTls.Create();
        var withCertificate = new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 1),
            ServerCertificate = tls.Source,
            FirstByteTimeout = Timeout.InfiniteTimeSpan,
            TlsHandshakeTimeout = TimeSpan.Zero,
            MaxConcurrentTlsHandshakes = 0,
        };
        var withoutCertificate = new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 1),
            RedirectPlainHttp = false,
            AuthorityCertificate = tls.Authority,
        };
        var redirectWithoutCertificate = new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 1),
            RedirectPlainHttp = true,
        };

        var errors = withCertificate.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("TlsHandshakeTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxConcurrentTlsHandshakes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("FirstByteTimeout must be finite with a ServerCertificate", StringComparison.Ordinal));
        Assert.Equal(["AuthorityCertificate is served only with RedirectPlainHttp"], withoutCertificate.Validate());
        Assert.Equal(["RedirectPlainHttp needs a ServerCertificate: plain HTTP is redirected to TLS on the same port"], redirectWithoutCertificate.Validate());
    }

    [Fact]
    public async Task Start_InvalidOptions_ThrowsWithEveryErrorAndBindsNothing()
    {
        await using var proxy = new TcpMirrorProxy(new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 1),
            MaxConnectionsPerAddress = 0,
            HalfCloseTimeout = TimeSpan.FromSeconds(-1),
        });

        var error = await Assert.ThrowsAsync<ArgumentException>(() => proxy.StartAsync());

        Assert.Contains("MaxConnectionsPerAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("HalfCloseTimeout", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => proxy.LocalEndpoint);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Upstream = new IPEndPoint(IPAddress.Loopback, 1) };

        Assert.Empty(options.Validate());
        Assert.Equal(256, options.MaxConnectionsPerAddress);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FirstByteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HalfCloseTimeout);
        Assert.False(options.SendProxyProtocol);
        Assert.Null(options.ServerCertificate);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TlsHandshakeTimeout);
        Assert.Equal(64, options.MaxConcurrentTlsHandshakes);
        Assert.False(options.RedirectPlainHttp);
    }

    [Theory]
    [InlineData(20_000, 1024, 6325)] // (20000 − 1024) / 3
    [InlineData(1024, 1024, 170)] // half of 1024 reserved: (1024 − 512) / 3
    [InlineData(600, 0, 200)]
    [InlineData(2, 1024, 1)]
    public void ConnectionBudget_FromTheDescriptorLimit_LeavesTheReserve(long descriptors, int reserve, int expected) =>
        Assert.Equal(expected, DescriptorLimit.ConnectionBudget(descriptors, reserve));

    [Fact]
    public async Task ConnectionLimit_AboveWhatTheDescriptorLimitAllows_IsLowered()
    {
        var descriptors = DescriptorLimit.Current;
        Assert.NotNull(descriptors);
        await using var proxy = await Infrastructure.ProxyUnderTest.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 1),
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, MaxConnections = int.MaxValue });

        Assert.Equal(DescriptorLimit.ConnectionBudget(descriptors.Value, 1024), proxy.ConnectionLimit);
    }
}
