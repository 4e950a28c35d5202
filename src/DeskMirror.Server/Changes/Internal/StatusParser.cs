using System.Text;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Reads <c>git status --porcelain=v2 --branch -z</c> (see git-status(1), "Porcelain Format Version 2") and judges
/// each entry against HEAD, which is what the Changes view shows: X is the index against HEAD, Y the work tree
/// against the index.
/// </summary>
internal static class StatusParser
{
    public static StatusReport Parse(ReadOnlySpan<byte> output)
    {
        string? branch = null, head = null;
        var entries = new List<StatusEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = Encoding.UTF8.GetString(output).Split('\0');
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            if (record.Length < 2)
            {
                continue;
            }

            StatusEntry? entry = null;
            switch (record[0])
            {
                case '#':
                    if (record.StartsWith("# branch.oid ", StringComparison.Ordinal))
                    {
                        var oid = record["# branch.oid ".Length..];
                        head = oid == "(initial)" ? null : oid;
                    }
                    else if (record.StartsWith("# branch.head ", StringComparison.Ordinal))
                    {
                        var name = record["# branch.head ".Length..];
                        branch = name == "(detached)" ? null : name;
                    }

                    break;
                case '1':
                    entry = Ordinary(record.Split(' ', 9));
                    break;
                case '2':
                    // The original path is the next NUL-terminated record.
                    var origPath = i + 1 < records.Length ? records[++i] : "";
                    entry = RenameOrCopy(record.Split(' ', 10), origPath);
                    break;
                case 'u':
                    var unmerged = record.Split(' ', 11);
                    entry = unmerged.Length == 11 ? new StatusEntry(unmerged[10], ChangeStatus.Modified, null, Staged: true, Unstaged: true) : null;
                    break;
                case '?':
                    entry = new StatusEntry(record[2..], ChangeStatus.Untracked, null);
                    break;
                default:
                    break;
            }

            // A path deleted from the index but still on disk is listed twice (deleted, untracked); against HEAD it is one change.
            if (entry is not null && seen.Add(entry.Path))
            {
                entries.Add(entry);
            }
        }

        return new StatusReport(branch, head, entries);
    }

    private static StatusEntry? Ordinary(string[] fields)
    {
        if (fields.Length != 9 || fields[1].Length != 2)
        {
            return null;
        }

        var (x, y, path) = (fields[1][0], fields[1][1], fields[8]);
        var (staged, unstaged) = (x != '.', y != '.');
        return (x, y) switch
        {
            // Added to the index, then removed from disk: nothing differs from HEAD.
            ('A', 'D') => null,
            ('A', _) => new StatusEntry(path, ChangeStatus.Added, null, staged, unstaged),
            ('D', _) or (_, 'D') => new StatusEntry(path, ChangeStatus.Deleted, null, staged, unstaged),
            _ => new StatusEntry(path, ChangeStatus.Modified, null, staged, unstaged),
        };
    }

    private static StatusEntry? RenameOrCopy(string[] fields, string origPath)
    {
        if (fields.Length != 10 || fields[1].Length != 2)
        {
            return null;
        }

        var (x, y, path) = (fields[1][0], fields[1][1], fields[9]);
        var unstaged = y != '.';
        return (x, y) switch
        {
            // Renamed, then removed from disk: the original is simply gone.
            ('R', 'D') => new StatusEntry(origPath, ChangeStatus.Deleted, null, true, false),
            ('R', _) => new StatusEntry(path, ChangeStatus.Renamed, origPath, true, unstaged),
            ('C', 'D') => null,
            _ => new StatusEntry(path, ChangeStatus.Added, null, true, unstaged),
        };
    }
}
