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
