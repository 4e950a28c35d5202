using System.Net;
using System.Net.Sockets;
using DeskMirror.Network;

namespace DeskMirror.Tests.Network;

public sealed class LanAddressFinderTests
{
    [Fact]
    public void Order_PhysicalFirstContainersLast_IPv4BeforeIPv6()
    {
        var addresses = new[]
        {
            new LanAddress("docker0", InterfaceKind.Container, IPAddress.Parse("172.17.0.1")),
            new LanAddress("veth12ab", InterfaceKind.Container, IPAddress.Parse("172.18.0.1")),
            new LanAddress("wlan0", InterfaceKind.Physical, IPAddress.Parse("2001:db8::5")),
            new LanAddress("tun0", InterfaceKind.Other, IPAddress.Parse("10.8.0.2")),
            new LanAddress("wlan0", InterfaceKind.Physical, IPAddress.Parse("192.168.1.5")),
            new LanAddress("eth0", InterfaceKind.Physical, IPAddress.Parse("192.168.1.9")),
        };

        var ordered = LanAddressFinder.Order(addresses).Select(a => a.Address.ToString());

        Assert.Equal(["192.168.1.9", "192.168.1.5", "2001:db8::5", "10.8.0.2", "172.17.0.1", "172.18.0.1"], ordered);
    }

    [Theory]
    [InlineData("docker0", true, "Container")]
    [InlineData("br-3f2a9c", false, "Container")]
    [InlineData("veth0a1b2c", false, "Container")]
    [InlineData("virbr0", false, "Container")]
    [InlineData("eth0", true, "Physical")]
    [InlineData("wlp3s0", true, "Physical")]
    [InlineData("tun0", false, "Other")]
    [InlineData("wg0", false, "Other")]
    public void Classify_ByNameAndDevice(string name, bool hasDevice, string expected)
        => Assert.Equal(expected, LanAddressFinder.Classify(name, hasDevice).ToString());

    [Theory]
    [InlineData("192.168.1.5", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("169.254.3.4", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::2", false)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2a02:8108::1", true)]
    public void IsUsable_NonLoopbackIPv4AndGlobalIPv6Only(string address, bool expected)
        => Assert.Equal(expected, LanAddressFinder.IsUsable(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0", "192.168.1.5", true)]
    [InlineData("0.0.0.0", "2001:db8::1", false)]
    [InlineData("::", "192.168.1.5", true)]
    [InlineData("::", "2001:db8::1", true)]
    [InlineData("192.168.1.5", "192.168.1.5", true)]
    [InlineData("192.168.1.5", "192.168.1.6", false)]
    public void Serves_FollowsTheBindAddress(string bind, string address, bool expected)
        => Assert.Equal(expected, LanAddressFinder.Serves(IPAddress.Parse(bind), IPAddress.Parse(address)));

    [Fact]
    public void Find_OnThisMachine_MatchesTheInterfacesTheOsReports()
    {
        var expected = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus is System.Net.NetworkInformation.OperationalStatus.Up or System.Net.NetworkInformation.OperationalStatus.Unknown)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToHashSet();

        var found = LanAddressFinder.Find(IPAddress.Any);

        Assert.Equal(expected, found.Select(a => a.Address).ToHashSet());
        Assert.All(found, a => Assert.StartsWith($"http://{a.Address}:", a.ToUrl(4096), StringComparison.Ordinal));
    }

    [Fact]
    public void ToUrl_IPv6_IsBracketed()
        => Assert.Equal("http://[2001:db8::5]:4096/", new LanAddress("eth0", InterfaceKind.Physical, IPAddress.Parse("2001:db8::5")).ToUrl(4096));

    [Fact]
    public void Reachable_Wildcard_LoopbackFirstThenEveryLanAddressOnThatPort()
    {
        var reachable = LanAddressFinder.Reachable(new IPEndPoint(IPAddress.Any, 4096));

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 4096), reachable[0]);
        Assert.All(reachable, e => Assert.Equal((4096, AddressFamily.InterNetwork), (e.Port, e.AddressFamily)));
        Assert.Superset(LanAddressFinder.Find(IPAddress.Any).Select(a => new IPEndPoint(a.Address, 4096)).ToHashSet(), reachable.ToHashSet());
    }

    [Fact]
    public void Reachable_OneAddress_IsThatAddressAlone()
        => Assert.Equal([new IPEndPoint(IPAddress.Loopback, 80)], LanAddressFinder.Reachable(new IPEndPoint(IPAddress.Loopback, 80)));
}
