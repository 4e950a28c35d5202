using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

/// <summary>
/// A child process forked while a connection is open (a session starting, any Process.Start) holds a copy of every
/// descriptor of the proxy until its exec. The proxy must stop watching a descriptor before it closes it: while a copy
/// keeps the socket alive, its events would otherwise still reach a connection that has ended.
/// </summary>
public sealed partial class DescriptorCopyTests
{
    [Fact]
    public async Task ResetConnection_ItsSocketKeptOpenByACopy_ItsEventsNoLongerReachTheProxy()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, FirstByteTimeout = TimeSpan.FromSeconds(10) },
            time);
        using var silent = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await Poll.UntilAsync(() => proxy.Counters.Accepted == 1, "the silent client to be accepted");
        var copy = Dup(AcceptedDescriptor(proxy.LocalEndpoint.Port, ((IPEndPoint)silent.LocalEndPoint!).Port));
        try
        {
            // The proxy resets the silent client and closes its descriptors; the copy keeps the socket connected.
            time.Advance(TimeSpan.FromSeconds(15));
            await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the silent connection to be closed");

            // Data arriving on that socket is an event on it: it must not reach the proxy's loop (it ended the process).
            await silent.SendAsync("late"u8.ToArray(), SocketFlags.None);
            for (var i = 0; i < 3; i++)
            {
                using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
                Assert.Equal("still served"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(client, "still served"u8.ToArray(), "a client after the late data"));
            }
        }
        finally
        {
            Close(copy);
        }
    }

    /// <summary>This process's descriptor for the proxy's side of the connection from <paramref name="clientPort"/>.</summary>
    private static int AcceptedDescriptor(int listenPort, int clientPort)
    {
        // /proc/net/tcp: "sl local_address rem_address st ... uid timeout inode", addresses as hex IP:port.
        var local = $":{listenPort:X4}";
        var remote = $":{clientPort:X4}";
        var inode = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f[1].EndsWith(local, StringComparison.Ordinal) && f[2].EndsWith(remote, StringComparison.Ordinal))[9];
        return Directory.GetFiles("/proc/self/fd")
            .Select(path => (Path: path, Target: new FileInfo(path).LinkTarget))
            .Where(fd => fd.Target == $"socket:[{inode}]")
            .Select(fd => int.Parse(Path.GetFileName(fd.Path), CultureInfo.InvariantCulture))
            .Single();
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
