using System.Globalization;
using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Reads <c>git diff --numstat -z</c>: <c>added\tdeleted\tpath\0</c>, or for a rename
/// <c>added\tdeleted\t\0old\0new\0</c>; a binary file has <c>-</c> for both counts. Keyed by the (new) path.
/// </summary>
internal static class NumstatParser
{
    public static Dictionary<string, LineCounts> Parse(ReadOnlySpan<byte> output)
    {
        var counts = new Dictionary<string, LineCounts>(StringComparer.Ordinal);
        var records = Encoding.UTF8.GetString(output).Split('\0');
        for (var i = 0; i < records.Length; i++)
        {
            var fields = records[i].Split('\t', 3);
            if (fields.Length != 3)
            {
                continue;
            }

            var path = fields[2];
            if (path.Length == 0)
            {
                // A rename: the old and new paths follow as two records.
                if (i + 2 >= records.Length)
                {
                    break;
                }

                path = records[i + 2];
                i += 2;
            }

            var binary = fields[0] == "-" || fields[1] == "-";
            counts[path] = binary
                ? new LineCounts(0, 0, true)
                : new LineCounts(Number(fields[0]), Number(fields[1]), false);
        }

        return counts;
    }

    private static int Number(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
