using System.Net;
using System.Net.Sockets;
using DeskMirror.Orphans;

namespace DeskMirror.Tests.Orphans;

public sealed class PortHolderFinderTests
{
    [Fact]
    public async Task Find_ListenerInThisProcess_IsThisPid()
    {
        using var listener = TestPorts.ListenOnLoopback();

        var holder = await PortHolderFinder.FindAsync(TestPorts.PortOf(listener)).DefaultTimeout("find the holder");

        Assert.Equal(Environment.ProcessId, holder?.Pid);
    }

    [Fact]
    public async Task Find_IPv6ListenerInAnotherProcess_NamesItAndItsPid()
    {
        var (standIn, port) = await StandIn.HoldPortAsync("::1");
        using var _ = standIn;

        var holder = await PortHolderFinder.FindAsync(port).DefaultTimeout("find the holder");

        Assert.Equal(standIn.Id, holder?.Pid);
        Assert.Equal("dotnet", holder?.Name);
        Assert.Equal($"dotnet (pid {standIn.Id})", holder?.ToString());
    }

    [Fact]
    public async Task Find_PortNobodyListensOn_IsNull()
    {
        // Bound but not listening: the port is ours, and nobody listens on it.
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.Null(await PortHolderFinder.FindAsync(TestPorts.PortOf(bound)).DefaultTimeout("find no holder"));
    }

    [Fact]
    public async Task PortInUse_ForeignHolder_NamesItAndTheOptionToChange()
    {
        var (standIn, port) = await StandIn.HoldPortAsync();
        using var _ = standIn;

        var message = await PortInUse.DescribeAsync(port, "--port").DefaultTimeout("describe the holder");

        Assert.Equal($"port {port} is held by dotnet (pid {standIn.Id}); choose another with --port", message);
        Assert.False(standIn.HasExited);
    }
}
