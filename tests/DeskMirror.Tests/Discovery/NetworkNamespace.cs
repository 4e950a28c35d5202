using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DeskMirror.Tests.Discovery;

/// <summary>
/// A network namespace of the test's own, so mDNS multicast never leaves the machine: the child runs under
/// <c>unshare -n</c> with only a loopback interface made multicast-capable, and the test opens its socket inside
/// that namespace (<c>setns</c> on a thread of its own, which is all a socket needs: it stays in the namespace it was made in).
/// </summary>
internal static partial class NetworkNamespace
{
    /// <summary>Brings loopback up with multicast and a route for 224.0.0.0/4, then runs the wrapped command.</summary>
    public static readonly string[] WithMulticastLoopback =
        ["unshare", "-n", "sh", "-c", "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec \"$0\" \"$@\""];

    /// <summary>Loopback up, no multicast: no interface can join a group.</summary>
    public static readonly string[] WithoutMulticast = ["unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""];

    private const int CloneNewNet = 0x40000000;

    /// <summary>Null when this process may make network namespaces (root, or CAP_SYS_ADMIN), else why not.</summary>
    public static string? Unavailable()
    {
        try
        {
            using var probe = ChildProcess.Start("unshare", "-n", "sh", "-c", "ip link set lo up && ip link set lo multicast on");
            return probe.WaitForExitAsync("unshare -n").GetAwaiter().GetResult() == 0
                ? null
                : $"unshare -n is not permitted here: {probe.Output.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"unshare is not installed ({ex.Message})";
        }
    }

    /// <summary>A UDP socket made inside the network namespace of process <paramref name="pid"/>.</summary>
    public static Socket UdpSocketIn(int pid)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/proc/{pid}/ns/net");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into the namespace of {pid} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or SocketException)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new InvalidOperationException("no socket in the namespace", failure);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
