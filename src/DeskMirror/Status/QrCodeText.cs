using System.Text;
using QRCoder;

namespace DeskMirror.Status;

/// <summary>
/// Draws a QR code with Unicode half blocks, two modules per character cell, so it fits a terminal.
/// Light modules are drawn as block characters and dark ones as spaces, the way <c>qrencode -t UTF8</c>
/// does, which scans on the common dark terminal background; the quiet zone is drawn too.
/// </summary>
internal static class QrCodeText
{
    /// <summary>Light modules around the code; scanners need a margin and the terminal's own background is dark.</summary>
    public const int QuietZone = 2;

    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        var matrix = data.ModuleMatrix;
        // QRCoder already adds a 4-module border; keep only QuietZone of it.
        var trim = Math.Max(0, 4 - QuietZone);
        var size = matrix.Count - (2 * trim);
        bool Dark(int row, int col) => row < size && matrix[row + trim][col + trim];

        var builder = new StringBuilder();
        for (var row = 0; row < size; row += 2)
        {
            for (var col = 0; col < size; col++)
            {
                var top = Dark(row, col);
                var bottom = row + 1 >= size || Dark(row + 1, col);
                builder.Append((top, bottom) switch
                {
                    (false, false) => '█',
                    (false, true) => '▀',
                    (true, false) => '▄',
                    (true, true) => ' ',
                });
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
