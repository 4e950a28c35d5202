using System.Globalization;

namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>The kernel's view of this machine's TCP sockets (/proc/net/tcp and tcp6), for states no API reports.</summary>
internal static class TcpStates
{
    public const string FinWait2 = "05";

    /// <summary>How many sockets with local port <paramref name="localPort"/> are in <paramref name="state"/> (hex, as the kernel writes it).</summary>
    public static int Count(int localPort, string state)
    {
        var port = localPort.ToString("X4", CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1].EndsWith(":" + port, StringComparison.Ordinal) && fields[3] == state)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
