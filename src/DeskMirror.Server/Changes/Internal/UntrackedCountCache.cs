using System.Collections.Concurrent;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Line counts of untracked files by path, size and modification time, so asking for the changes again (every device
/// refreshing on <c>project.changes</c>, or a client asking in a loop) reads only the files that changed since.
/// </summary>
internal sealed class UntrackedCountCache
{
    /// <summary>Entries kept; past it the cache starts over (a simple bound, not an LRU: refills cost one read each).</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, (long Length, long Ticks, LineCounts Counts)> _entries = new(StringComparer.Ordinal);

    public async Task<LineCounts> CountAsync(string fullPath, long bigFileBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null || !info.Exists)
        {
            return await UntrackedFiles.CountAsync(fullPath, bigFileBytes, cancellationToken);
        }

        var (length, ticks) = (info.Length, info.LastWriteTimeUtc.Ticks);
        if (_entries.TryGetValue(fullPath, out var known) && known.Length == length && known.Ticks == ticks)
        {
            return known.Counts;
        }

        var counts = await UntrackedFiles.CountAsync(fullPath, bigFileBytes, cancellationToken);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[fullPath] = (length, ticks, counts);
        return counts;
    }
}
