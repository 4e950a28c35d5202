using System.Globalization;
using System.Net;

namespace DeskMirror.Network;

/// <summary>The one range of port numbers a user may give: 1 to 65535 (0, "any", is for tests and <c>--listen</c>).</summary>
internal static class PortNumber
{
    public const int Min = 1;

    public const int Max = IPEndPoint.MaxPort;

    public static bool IsValid(int port) => port is >= Min and <= Max;

    /// <summary>Why <paramref name="port"/> is refused, naming where it came from: <c>--port 70000 is out of range; use 1 to 65535</c>.</summary>
    public static string OutOfRange(string source, int port)
        => string.Create(CultureInfo.InvariantCulture, $"{source} {port} is out of range; use {Min} to {Max}");
}
