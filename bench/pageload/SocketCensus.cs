using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeskMirror.Bench.PageLoad;

/// <summary>
/// The kernel's view of the browser's side of a page load: every established TCP connection to the server's port,
/// with the payload bytes it sent and received (<c>ss -tin</c>, iproute2). TLS records and HTTP framing included;
/// a connection already closed when it is read is not seen, which the CDP count beside it shows.
/// </summary>
internal static partial class SocketCensus
{
    public static async Task<(int Connections, long BytesDown, long BytesUp)> ReadAsync(int serverPort)
    {
        var info = new ProcessStartInfo("ss") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-Htin", "state", "established", $"( dport = :{serverPort.ToString(CultureInfo.InvariantCulture)} )" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ss did not start");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ss exited with {process.ExitCode}");
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A socket's own line starts at the margin; its details follow on an indented line.
        var connections = lines.Count(l => !char.IsWhiteSpace(l[0]));
        return (connections, Sum(BytesReceived(), text), Sum(BytesSent(), text));
    }

    private static long Sum(Regex field, string text)
        => field.Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\bbytes_received:(\d+)")]
    private static partial Regex BytesReceived();

    [GeneratedRegex(@"\bbytes_sent:(\d+)")]
    private static partial Regex BytesSent();
}
