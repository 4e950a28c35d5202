using System.Net;

namespace DeskMirror.Network;

/// <summary>One address a LAN device may reach this machine on.</summary>
internal sealed record LanAddress(string InterfaceName, InterfaceKind Kind, IPAddress Address)
{
    /// <summary><c>http://192.168.1.5:4096/</c> or <c>http://[2001:db8::5]:4096/</c>; https when <paramref name="https"/>.</summary>
    public string ToUrl(int port, bool https = false) => $"{(https ? "https" : "http")}://{new IPEndPoint(Address, port)}/";
}
