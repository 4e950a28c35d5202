using DeskMirror.Server.Events;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// One <see cref="ProjectWatch"/> per project that someone looks at: started by a request for its changes or an open
/// Changes view, stopped <see cref="ChangesOptions.IdleTimeout"/> after the last request once no view holds it. At most
/// <see cref="ChangesOptions.MaxWatchers"/> use inotify (an idle one is stopped to make room); the others poll.
/// </summary>
internal sealed class WatcherRegistry : IDisposable
{
    private readonly ChangesReader _reader;
    private readonly IEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ITimer _sweep;
    private int _fallbacksLogged;
    private bool _disposed;

    public WatcherRegistry(ChangesReader reader, IEventBus events, TimeProvider time, ILogger logger)
    {
        _reader = reader;
        _events = events;
        _time = time;
        _logger = logger;
        var every = reader.Options.IdleTimeout / 4;
        _sweep = time.CreateTimer(_ => Sweep(), null, every, every);
    }

    /// <summary>Raised after each debounced burst or poll was handled: the project, and whether <c>project.changes</c> was published.</summary>
    internal event Action<string, bool>? Refreshed;

    /// <summary>Projects with a running watch, and how many of them use inotify (for tests and diagnostics).</summary>
    public (int Running, int Watching) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_entries.Values.Count(e => e.Watch is not null), _entries.Values.Count(e => e.Watch?.Watching == true));
            }
        }
    }

    /// <summary>Keeps the project's watch alive until disposed; the watch itself starts with the next reading of its changes.</summary>
    public IDisposable Lease(string projectId)
    {
        lock (_lock)
        {
            var entry = EntryLocked(projectId);
            entry.Leases++;
            entry.LastUsed = _time.GetTimestamp();
        }

        return new LeaseHandle(this, projectId);
    }

    /// <summary>A reading of the project's changes: (re)starts its watch on this layout and renews its idle time.</summary>
    public void Touch(string projectId, RepositoryLayout layout, ChangeSet changes)
    {
        ProjectWatch? stale = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var entry = EntryLocked(projectId);
            entry.LastUsed = _time.GetTimestamp();
            if (entry.Watch is not null && entry.Watch.Layout.SamePlaceAs(layout))
            {
                return;
            }

            stale = entry.Watch;
            var watch = new ProjectWatch(projectId, layout, ChangesFingerprint.Of(layout, changes), _reader, _events, _time, _logger, OnWatchFailed, (id, published) => Refreshed?.Invoke(id, published));
            entry.Watch = watch;
            string? refusal;
            if (_reader.Options.MaxWatchers == 0)
            {
                refusal = "watching is off (MaxWatchers is 0)";
            }
            else if (WatchingCountLocked() >= _reader.Options.MaxWatchers && !EvictIdleLocked(projectId))
            {
                refusal = $"{_reader.Options.MaxWatchers} projects are watched already (MaxWatchers)";
            }
            else
            {
                watch.TryWatch(out refusal);
            }

            if (refusal is null)
            {
                Log.WatchStarted(_logger, projectId, "inotify");
            }
            else
            {
                watch.Poll();
                SayPolling(projectId, refusal);
            }
        }

        stale?.Dispose();
    }

    /// <summary>Stops the project's watch at once (the project was removed).</summary>
    public void Forget(string projectId)
    {
        Entry? entry;
        lock (_lock)
        {
            if (_entries.Remove(projectId, out entry))
            {
                Log.WatchStopped(_logger, projectId, "forgotten");
            }
        }

        entry?.Watch?.Dispose();
    }

    private void OnWatchFailed(ProjectWatch watch, string reason)
    {
        lock (_lock)
        {
            if (_disposed || !_entries.TryGetValue(watch.ProjectId, out var entry) || entry.Watch != watch)
            {
                return;
            }

            watch.Poll();
            SayPolling(watch.ProjectId, reason);
        }
    }

    /// <summary>The first fallback is a warning that names the cause; later ones are debug lines, so a log is not flooded.</summary>
    private void SayPolling(string projectId, string reason)
    {
        if (Interlocked.Exchange(ref _fallbacksLogged, 1) == 0)
        {
            Log.FellBackToPolling(_logger, projectId, _reader.Options.PollInterval, reason);
        }
        else
        {
            Log.FellBackToPollingAgain(_logger, projectId, reason);
        }
    }

    private int WatchingCountLocked() => _entries.Values.Count(e => e.Watch?.Watching == true);

    private bool EvictIdleLocked(string except)
    {
        var idle = _entries
            .Where(p => p.Key != except && p.Value.Leases == 0 && p.Value.Watch?.Watching == true)
            .OrderBy(p => p.Value.LastUsed)
            .Select(p => p.Key)
            .FirstOrDefault();
        if (idle is null)
        {
            return false;
        }

        StopLocked(idle, "made room for another project");
        return true;
    }

    private void Sweep()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            foreach (var (id, entry) in _entries.ToList())
            {
                if (entry.Leases == 0 && _time.GetElapsedTime(entry.LastUsed, now) >= _reader.Options.IdleTimeout)
                {
                    StopLocked(id, "unused");
                }
            }
        }
    }

    private void StopLocked(string projectId, string reason)
    {
        if (_entries.Remove(projectId, out var entry))
        {
            entry.Watch?.Dispose();
            Log.WatchStopped(_logger, projectId, reason);
        }
    }

    private Entry EntryLocked(string projectId)
    {
        if (!_entries.TryGetValue(projectId, out var entry))
        {
            entry = new Entry();
            _entries[projectId] = entry;
        }

        return entry;
    }

    private void Release(string projectId)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(projectId, out var entry))
            {
                entry.Leases = Math.Max(0, entry.Leases - 1);
                entry.LastUsed = _time.GetTimestamp();
            }
        }
    }

    public void Dispose()
    {
        List<Entry> entries;
        lock (_lock)
        {
            _disposed = true;
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        _sweep.Dispose();
        foreach (var entry in entries)
        {
            entry.Watch?.Dispose();
        }
    }

    private sealed class Entry
    {
        public ProjectWatch? Watch { get; set; }

        public int Leases { get; set; }

        public long LastUsed { get; set; }
    }

    private sealed class LeaseHandle(WatcherRegistry registry, string projectId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                registry.Release(projectId);
            }
        }
    }
}
