using System.Globalization;
using System.Net;

namespace DeskMirror.Orphans;

/// <summary>Reads the socket tables of Linux (<c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c>).</summary>
internal static class ProcNetTcp
{
    /// <summary>The <c>st</c> value of a listening socket.</summary>
    private const string ListenState = "0A";

    /// <summary>Inodes of sockets listening on <paramref name="port"/> in one table's text.</summary>
    public static IEnumerable<(IPAddress Address, long Inode)> FindListeners(string table, int port)
    {
        foreach (var line in table.Split('\n').Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || fields[3] != ListenState)
            {
                continue;
            }

            var colon = fields[1].LastIndexOf(':');
            if (colon < 0
                || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var localPort)
                || localPort != port
                || !long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                || inode == 0)
            {
                continue;
            }

            yield return (ParseAddress(fields[1][..colon]), inode);
        }
    }

    /// <summary>The kernel prints addresses as host-order 32-bit words in hex: reverse the bytes of each word.</summary>
    public static IPAddress ParseAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
