using System.Globalization;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Tls;

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

        WriteTls(output, mirror);
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

    /// <summary>What the mirror port speaks, and what a phone must trust: the local authority's fingerprint and where to get it.</summary>
    public static void WriteTls(TextWriter output, MirrorStatus mirror)
    {
        if (mirror.Tls is not { } tls)
        {
            return;
        }

        output.WriteLine(tls.Mode switch
        {
            MirrorTlsMode.Off => "HTTPS:     off (mirrorTls off; the mirror speaks plain HTTP)",
            MirrorTlsMode.Required => "HTTPS:     required (plain HTTP on the mirror port only redirects to https)",
            _ => "HTTPS:     on (the mirror port speaks TLS and plain HTTP)",
        });
        if (tls.AuthorityFingerprint is { } fingerprint)
        {
            output.WriteLine($"CA:        DeskMirror local CA, SHA-256 {fingerprint}");
            if (mirror.State == MirrorState.Serving && tls.TrustUrl is { } trust)
            {
                output.WriteLine($"Trust:     {trust}   (open on a phone once to install the CA)");
            }
        }
        else if (tls.CertificateFile is { } file)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cert:      {file}{(tls.CertificateExpires is { } end ? $" (valid until {end:yyyy-MM-dd})" : "")}"));
        }
    }

    private static string Source(string? source) => source is null ? "" : $"  ({source})";
}
