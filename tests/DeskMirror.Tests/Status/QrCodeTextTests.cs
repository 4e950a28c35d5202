using DeskMirror.Status;
using QRCoder;

namespace DeskMirror.Tests.Status;

public sealed class QrCodeTextTests
{
    [Fact]
    public void Render_DecodesBackToTheModulesOfTheCodeWithAQuietZone()
    {
        const string url = "http://192.168.1.5:4096/auth/pair?token=abcdefghijklmnopqrstuvwxyz0123456789";

        var text = QrCodeText.Render(url);

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.L);
        var modules = data.ModuleMatrix.Count - 8; // QRCoder adds a 4-module border
        var size = modules + (2 * QrCodeText.QuietZone);
        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal((size + 1) / 2, lines.Length);
        Assert.All(lines, l => Assert.Equal(size, l.Length));
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var cell = lines[row / 2][col];
                var dark = row % 2 == 0 ? cell is ' ' or '▄' : cell is ' ' or '▀';
                var r = row - QrCodeText.QuietZone;
                var c = col - QrCodeText.QuietZone;
                var expected = r >= 0 && c >= 0 && r < modules && c < modules && data.ModuleMatrix[r + 4][c + 4];
                Assert.True(expected == dark, $"module ({row},{col}) should be {(expected ? "dark" : "light")}");
            }
        }
    }
}
