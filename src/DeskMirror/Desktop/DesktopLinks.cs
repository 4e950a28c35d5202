using System.Globalization;
using System.Net;
using DeskMirror.Network;
using DeskMirror.Server.Hosting;

namespace DeskMirror.Desktop;

/// <summary>The desktop's URLs: its own, one-time launch links for the desktop browser, LAN URLs and pairing links of the mirror.</summary>
internal sealed class DesktopLinks(AppServer server)
{
    public string DesktopUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{server.DesktopEndpoint.Port}/");

    /// <summary>A one-time launch link that signs the desktop browser in.</summary>
    public string CreateLaunchUrl() => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{server.DesktopEndpoint.Port}{server.CreateLaunchPath()}");

    /// <summary>A one-time pairing link on the mirror's first LAN URL.</summary>
    public string CreatePairingUrl(MirrorSnapshot mirror) => $"{FirstMirrorUrl(mirror).TrimEnd('/')}{server.CreatePairingPath()}";

    /// <summary>The LAN URLs of the mirror while it serves; none otherwise.</summary>
    public static IReadOnlyList<string> LanUrls(MirrorSnapshot mirror)
        => !mirror.IsServing || !IPAddress.TryParse(mirror.BindAddress, out var bind)
            ? []
            : LanAddressFinder.Find(bind).Select(a => a.ToUrl(mirror.Port, mirror.Https)).ToList();

    /// <summary>
    /// The trust page on the mirror's first address, over plain HTTP: a phone opens it before it trusts the
    /// certificate, and the mirror serves it without TLS whatever <c>mirrorTls</c> says. Null while the mirror is not serving.
    /// </summary>
    public static string? TrustUrl(MirrorSnapshot mirror)
        => mirror.IsServing ? $"{FirstMirrorUrl(mirror with { Https = false }).TrimEnd('/')}{Server.Tls.TrustPaths.Page}" : null;

    private static string FirstMirrorUrl(MirrorSnapshot mirror)
    {
        if (IPAddress.TryParse(mirror.BindAddress, out var bind) && LanAddressFinder.Find(bind) is [var first, ..])
        {
            return first.ToUrl(mirror.Port, mirror.Https);
        }

        // No LAN address (offline, or bound to loopback): the link still works on this machine.
        var host = bind is null || bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : bind;
        return new LanAddress("", InterfaceKind.Other, host).ToUrl(mirror.Port, mirror.Https);
    }
}
