using System.Buffers;
using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Line counts and the diff of a symbolic link for files git does not track, read without following links, with
/// git's own rules for "binary": a NUL byte in the first 8,000 bytes, or larger than the big-file threshold.
/// </summary>
internal static class UntrackedFiles
{
    /// <summary>Bytes git inspects for a NUL to call a file binary.</summary>
    private const int BinaryProbeBytes = 8000;

    private const int ChunkBytes = 64 * 1024;

    public static async Task<LineCounts> CountAsync(string fullPath, long bigFileBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null)
        {
            return new LineCounts(1, 0, false);
        }

        if (!info.Exists)
        {
            return default;
        }

        if (info.Length > bigFileBytes)
        {
            return new LineCounts(0, 0, true);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            await using var stream = new FileStream(
                fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            long lines = 0, offset = 0;
            var last = (byte)'\n';
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                if (offset < BinaryProbeBytes && span[..(int)Math.Min(read, BinaryProbeBytes - offset)].Contains((byte)0))
                {
                    return new LineCounts(0, 0, true);
                }

                lines += span.Count((byte)'\n');
                last = span[^1];
                offset += read;
            }

            if (offset > 0 && last != '\n')
            {
                lines++;
            }

            return new LineCounts((int)Math.Min(lines, int.MaxValue), 0, false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable since git listed it: listed without counts.
            return default;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The diff git would show for a new symbolic link: its target as one line, never what it points to.</summary>
    public static string? LinkDiff(string fullPath, string relativePath)
    {
        var target = new FileInfo(fullPath).LinkTarget;
        if (target is null)
        {
            return null;
        }

        return new StringBuilder()
            .Append("diff --git a/").Append(relativePath).Append(" b/").Append(relativePath).Append('\n')
            .Append("new file mode 120000\n")
            .Append("--- /dev/null\n")
            .Append("+++ b/").Append(relativePath).Append('\n')
            .Append("@@ -0,0 +1 @@\n")
            .Append('+').Append(target).Append('\n')
            .Append("\\ No newline at end of file\n")
            .ToString();
    }
}
