namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Cell width of a code point and whether it joins the one before it, with the rules of xterm.js's unicode11
/// addon: zero-width characters join a preceding character of width 1 or 2 and take its width; nothing else joins.
/// </summary>
internal static class UnicodeWidth
{
    private static readonly byte[] Bmp = BuildBmp();
    private static readonly int[] High = BuildHigh();

    public static int Of(int codePoint)
    {
        if (codePoint < 0x10000)
        {
            return Bmp[codePoint];
        }

        // Binary search over the runs above the BMP (start, end, width triples).
        var runs = High;
        int low = 0, high = (runs.Length / 3) - 1;
        while (low <= high)
        {
            var mid = (low + high) >> 1;
            if (codePoint > runs[(mid * 3) + 1])
            {
                low = mid + 1;
            }
            else if (codePoint < runs[mid * 3])
            {
                high = mid - 1;
            }
            else
            {
                return runs[(mid * 3) + 2];
            }
        }

        return 1;
    }

    /// <summary>
    /// xterm.js's join state of a printed character: width in bits 1–2, "joined" in bit 0; 0 means nothing to join.
    /// </summary>
    public static int Properties(int codePoint, int preceding, out int width, out bool join)
    {
        width = Of(codePoint);
        join = width == 0 && preceding != 0;
        if (join)
        {
            var oldWidth = (preceding >> 1) & 3;
            if (oldWidth == 0)
            {
                join = false;
            }
            else if (oldWidth > width)
            {
                width = oldWidth;
            }
        }

        return (width << 1) | (join ? 1 : 0);
    }

    private static byte[] BuildBmp()
    {
        var table = new byte[0x10000];
        table.AsSpan().Fill(1);
        var runs = UnicodeWidthTable.Runs;
        for (var i = 0; i < runs.Length; i += 3)
        {
            if (runs[i] >= 0x10000)
            {
                break;
            }

            table.AsSpan(runs[i], Math.Min(runs[i + 1], 0xFFFF) - runs[i] + 1).Fill((byte)runs[i + 2]);
        }

        return table;
    }

    private static int[] BuildHigh()
    {
        var runs = UnicodeWidthTable.Runs;
        var high = new List<int>();
        for (var i = 0; i < runs.Length; i += 3)
        {
            if (runs[i + 1] >= 0x10000)
            {
                high.Add(Math.Max(runs[i], 0x10000));
                high.Add(runs[i + 1]);
                high.Add(runs[i + 2]);
            }
        }

        return [.. high];
    }
}
