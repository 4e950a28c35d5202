using System.Net;
using DeskMirror.Cli;

namespace DeskMirror.Tests.Cli;

public sealed class EndpointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:4096", "0.0.0.0", 4096)]
    [InlineData("[::]:4096", "::", 4096)]
    [InlineData("[::1]:80", "::1", 80)]
    [InlineData(" 10.1.2.3:65535 ", "10.1.2.3", 65535)]
    public void Parse_IpLiteral_GivesIPEndPoint(string text, string address, int port)
    {
        var endpoint = Assert.IsType<IPEndPoint>(EndpointParser.Parse(text, "--listen", allowPortZero: false));
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Fact]
    public void Parse_HostName_GivesDnsEndPoint()
    {
        var endpoint = Assert.IsType<DnsEndPoint>(EndpointParser.Parse("localhost:80", "--upstream", allowPortZero: false));
        Assert.Equal("localhost", endpoint.Host);
        Assert.Equal(80, endpoint.Port);
    }

    [Fact]
    public void Parse_PortZeroWhereAllowed_MeansAnyFreePort()
    {
        var endpoint = Assert.IsType<IPEndPoint>(EndpointParser.Parse("127.0.0.1:0", "--listen", allowPortZero: true));
        Assert.Equal(0, endpoint.Port);
    }

    [Theory]
    [InlineData(null, "needs an address")]
    [InlineData("", "needs an address")]
    [InlineData("127.0.0.1", "has no port")]
    [InlineData("127.0.0.1:", "is not a number")]
    [InlineData("127.0.0.1:http", "is not a number")]
    [InlineData("127.0.0.1:-1", "is not a number")]
    [InlineData("127.0.0.1:65536", "out of range 1-65535")]
    [InlineData("127.0.0.1:0", "out of range 1-65535")]
    [InlineData(":80", "has no host")]
    [InlineData("::1:80", "IPv6 address in brackets")]
    [InlineData("[::1]80", "[ADDRESS]:PORT")]
    [InlineData("[1.2.3.4]:80", "not an IPv6 address")]
    [InlineData("1.2.3:80", "not an IPv4 address")]
    [InlineData("256.1.1.1:80", "not an IPv4 address")]
    [InlineData("bad host:80", "neither an IP address nor a host name")]
    public void Parse_BadInput_ThrowsUsageExceptionThatSaysWhy(string? text, string reason)
    {
        var error = Assert.Throws<UsageException>(() => EndpointParser.Parse(text, "--upstream", allowPortZero: false));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--upstream", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ResolveListen_Localhost_GivesALoopbackAddressIPv4First()
    {
        var endpoint = await EndpointParser.ResolveListenAsync(new DnsEndPoint("localhost", 81), "--listen", CancellationToken.None)
            .DefaultTimeout();
        Assert.True(IPAddress.IsLoopback(endpoint.Address));
        Assert.Equal(81, endpoint.Port);
    }
}
