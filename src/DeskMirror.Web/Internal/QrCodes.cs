using QRCoder;

namespace DeskMirror.Web.Internal;

/// <summary>QR codes as data URIs an &lt;img&gt; can show without another request.</summary>
internal static class QrCodes
{
    /// <summary>Pixels per QR module of the SVG; the image is scaled by CSS anyway.</summary>
    private const int PixelsPerModule = 8;

    public static string ToSvgDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(PixelsPerModule, "#0b0f14", "#ffffff", drawQuietZones: true);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
