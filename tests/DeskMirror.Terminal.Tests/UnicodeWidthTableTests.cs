using System.Diagnostics;
using System.Globalization;
using DeskMirror.Terminal.Internal;
using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>The width table is xterm.js's unicode11 addon's, code point for code point.</summary>
public sealed class UnicodeWidthTableTests
{
    [Fact]
    public async Task WidthOfEveryCodePoint_EqualsTheUnicode11Addon()
    {
        // Browser/widths.js loads the addon in Node and prints its widths as runs "first last width" (hex).
        using var node = Process.Start(new ProcessStartInfo("node", ["widths.js"])
        {
            WorkingDirectory = TestAssets.BrowserFolder,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = await node.StandardOutput.ReadToEndAsync().DefaultTimeout("node to print the addon's widths");
        await node.WaitForExitAsync().DefaultTimeout("node to exit");
        Assert.Equal(0, node.ExitCode);

        var mismatches = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            var first = int.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var last = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var width = int.Parse(parts[2], CultureInfo.InvariantCulture);
            for (var codePoint = first; codePoint <= last && mismatches.Count < 20; codePoint++)
            {
                if (UnicodeWidth.Of(codePoint) != width)
                {
                    mismatches.Add($"U+{codePoint:X4}: addon {width}, table {UnicodeWidth.Of(codePoint)}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, "Widths differ; the addon's runs are:\n" + string.Join('\n', mismatches) + "\n" + output);
    }
}
