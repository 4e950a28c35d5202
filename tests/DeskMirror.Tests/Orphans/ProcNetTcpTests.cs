using System.Net;
using DeskMirror.Orphans;

namespace DeskMirror.Tests.Orphans;

public sealed class ProcNetTcpTests
{
    private const string Table = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
           1: 00000000:1000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 100 0 0 10 0
           2: 0100007F:1000 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 20 4 30 10 -1
           3: 0100007F:1001 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4545 1 0000000000000000 100 0 0 10 0
        """;

    [Fact]
    public void FindListeners_OnlyListeningSocketsOfThePort()
    {
        var found = ProcNetTcp.FindListeners(Table, 4096).ToList();

        Assert.Equal([(IPAddress.Loopback, 4242L), (IPAddress.Any, 4343L)], found);
    }

    [Fact]
    public void ParseAddress_IPv6_ReversesEachWord()
    {
        // ::1 as the kernel prints it in /proc/net/tcp6.
        Assert.Equal(IPAddress.IPv6Loopback, ProcNetTcp.ParseAddress("00000000000000000000000001000000"));
    }
}
