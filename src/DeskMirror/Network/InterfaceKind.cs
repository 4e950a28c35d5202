namespace DeskMirror.Network;

/// <summary>How likely a phone on the LAN reaches an interface; the order of LAN URLs follows it.</summary>
internal enum InterfaceKind
{
    /// <summary>Backed by a device (Ethernet, Wi-Fi): what a phone reaches.</summary>
    Physical = 0,

    /// <summary>Virtual but not a container network (VPN tunnels, bonds).</summary>
    Other = 1,

    /// <summary>Container and VM bridges and veth pairs: reachable only from this machine.</summary>
    Container = 2,

    /// <summary>The loopback interface: this machine only, never a LAN URL.</summary>
    Loopback = 3,
}
