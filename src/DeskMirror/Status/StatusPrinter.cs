using DeskMirror.Server.Desktop;

namespace DeskMirror.Status;

/// <summary>Writes the status block shown at start and by <c>deskmirror status</c>.</summary>
internal static class StatusPrinter
{
    public static void Write(TextWriter output, StatusReport report)
    {
        var mirror = report.Mirror;
        output.WriteLine($"Desktop:   {report.DesktopLaunchUrl ?? mirror.DesktopUrl}");
        switch (mirror.State)
        {
            case MirrorState.Serving:
                output.WriteLine($"Mirror:    serving on {mirror.BindAddress}:{mirror.Port}");
                break;
            case MirrorState.Off:
                output.WriteLine("Mirror:    off");
                break;
            default:
                output.WriteLine($"Mirror:    error: {mirror.Error}");
                break;
        }

        if (mirror.State == MirrorState.Serving)
        {
            if (mirror.LanUrls.Count == 0)
            {
                output.WriteLine("LAN:       no LAN address found (no interface is up)");
            }

            foreach (var url in mirror.LanUrls)
            {
                output.WriteLine($"LAN:       {url}");
            }
        }

        output.WriteLine($"Username:  {mirror.Username}{Source(report.UsernameSource)}");
        output.WriteLine($"Password:  {mirror.Password}{Source(report.PasswordSource)}");
        if (mirror.State == MirrorState.Serving && report.PairingUrl is not null)
        {
            WritePairing(output, report.PairingUrl);
        }
    }

    /// <summary>The QR code and the link under it (single use, 5 minutes).</summary>
    public static void WritePairing(TextWriter output, string pairingUrl)
    {
        output.WriteLine();
        output.WriteLine("Scan to sign in on a phone (one use, valid 5 minutes):");
        output.Write(QrCodeText.Render(pairingUrl));
        output.WriteLine(pairingUrl);
    }

    private static string Source(string? source) => source is null ? "" : $"  ({source})";
}
