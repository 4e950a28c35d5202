using DeskMirror.Server.Events;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>File events in, debounced refreshes out.</summary>
internal sealed partial class ProjectWatch
{
    /// <summary>Entries of the git folder that change what the view shows: the staged state, the checked-out commit.</summary>
    private static readonly string[] GitEntries = ["index", "HEAD", "packed-refs"];

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Note(e.FullPath);

    private void OnRenamed(object sender, RenamedEventArgs e)
    {
        Note(e.OldFullPath);
        Note(e.FullPath);
    }

    private void OnError(object sender, ErrorEventArgs e)
    {
        if (e.GetException() is InternalBufferOverflowException)
        {
            // Events were lost: whatever they were, read the changes again.
            NoteRelevant();
            return;
        }

        // Typically "the configured user limit on the number of inotify watches was reached" (ENOSPC).
        _onWatchFailed(this, e.GetException().Message);
    }

    private void Note(string fullPath)
    {
        var git = Layout.GitDirectory;
        if (IsUnder(fullPath, git))
        {
            var inside = fullPath.Length > git.Length ? fullPath[(git.Length + 1)..] : "";
            if (GitEntries.Contains(inside, StringComparer.Ordinal) || inside.StartsWith("refs/", StringComparison.Ordinal))
            {
                NoteRelevant();
            }

            return;
        }

        var top = Layout.TopLevel;
        if (!IsUnder(fullPath, top) || fullPath.Length <= top.Length)
        {
            return;
        }

        lock (_lock)
        {
            if (_pending.Count < MaxPendingPaths)
            {
                _pending.Add(fullPath[(top.Length + 1)..]);
            }
            else
            {
                _relevantPending = true;
            }

            ScheduleLocked();
        }
    }

    private void NoteRelevant()
    {
        lock (_lock)
        {
            _relevantPending = true;
            ScheduleLocked();
        }
    }

    /// <summary>Restarts the quiet period, but never past <see cref="ChangesOptions.MaxDebounce"/> after a burst began.</summary>
    private void ScheduleLocked()
    {
        if (_disposed)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_burstStarted == 0)
        {
            _burstStarted = now;
        }

        var options = _reader.Options;
        var left = options.MaxDebounce - _time.GetElapsedTime(_burstStarted, now);
        var due = left < options.Debounce ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : options.Debounce;
        _debounce.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reads the changes again and publishes <c>project.changes</c> when they differ from the last reading.</summary>
    private async Task RefreshAsync(bool fromEvents)
    {
        CancellationToken stopping;
        try
        {
            stopping = _stopping.Token;
            await _refreshing.WaitAsync(stopping);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        var published = false;
        try
        {
            // Located anew each time: the repository's config (its filter drivers) may have changed since the last reading.
            var (layout, failure) = await _reader.LocateAsync(_root, stopping);
            if (fromEvents && !await BurstMattersAsync(layout, stopping))
            {
                return;
            }

            ChangeSet? changes = null;
            if (layout is not null)
            {
                (changes, failure) = await _reader.ReadAsync(layout, withCounts: true, stopping);
            }

            var fingerprint = changes is not null ? ChangesFingerprint.Of(layout!, changes) : ChangesFingerprint.OfFailure(failure!);
            if (failure is not null)
            {
                Log.RefreshFailed(_logger, ProjectId, failure.Message);
            }

            if (!string.Equals(fingerprint, _fingerprint, StringComparison.Ordinal))
            {
                _fingerprint = fingerprint;
                _events.Publish(new ProjectChangesEvent(ProjectId));
                Log.Published(_logger, ProjectId);
                published = true;
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped while reading.
        }
#pragma warning disable CA1031 // A failed refresh must not take the process down; the next event or poll tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.WatchFailed(_logger, ex, ProjectId);
        }
        finally
        {
            _refreshing.Release();
            _onRefreshed(ProjectId, published);
        }
    }

    /// <summary>Takes the burst; true when it touched the index, HEAD or refs, or a path git does not ignore.</summary>
    private async Task<bool> BurstMattersAsync(RepositoryLayout? layout, CancellationToken cancellationToken)
    {
        string[] paths;
        bool relevant;
        lock (_lock)
        {
            paths = [.. _pending];
            relevant = _relevantPending;
            _pending.Clear();
            _relevantPending = false;
            _burstStarted = 0;
        }

        if (relevant)
        {
            return true;
        }

        if (paths.Length == 0)
        {
            return false;
        }

        if (layout is null)
        {
            // The work tree is gone or unreadable: reading it again tells the view so.
            return true;
        }

        var ignored = await _reader.IgnoredAsync(layout, paths, cancellationToken);
        return ignored is null || paths.Any(p => !ignored.Contains(p));
    }
}
