using DeskMirror.Server.Events;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Notices when one project's changes change and publishes <c>project.changes</c>. It watches the project's folder with
/// inotify (through <see cref="FileSystemWatcher"/>), or polls when watching is not possible. A burst of file events is
/// debounced; events inside the git folder count only for the index, HEAD and refs; other paths count only when git does
/// not ignore them. Then the changes are read again and the event is published only when they differ from the last
/// reading, so a rewritten index or a saved-but-unchanged file stays quiet.
/// </summary>
internal sealed partial class ProjectWatch : IDisposable
{
    /// <summary>Paths kept per burst for the ignore check; a bigger burst is taken as relevant without asking git.</summary>
    private const int MaxPendingPaths = 1000;

    private readonly ChangesReader _reader;
    private readonly IEventBus _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ProjectWatch, string> _onWatchFailed;
    private readonly Action<string, bool> _onRefreshed;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _debounce;
    private readonly string _root;
    private FileSystemWatcher? _tree;
    private FileSystemWatcher? _gitFolder;
    private ITimer? _poll;
    private bool _relevantPending;
    private long _burstStarted;
    private string _fingerprint;
    private bool _disposed;

    public ProjectWatch(
        string projectId,
        RepositoryLayout layout,
        string fingerprint,
        ChangesReader reader,
        IEventBus events,
        TimeProvider time,
        ILogger logger,
        Action<ProjectWatch, string> onWatchFailed,
        Action<string, bool> onRefreshed)
    {
        ProjectId = projectId;
        Layout = layout;
        _fingerprint = fingerprint;
        _reader = reader;
        _events = events;
        _time = time;
        _logger = logger;
        _onWatchFailed = onWatchFailed;
        _onRefreshed = onRefreshed;
        _root = Path.TrimEndingDirectorySeparator(Path.Combine(layout.TopLevel, layout.Prefix));
        _debounce = time.CreateTimer(_ => _ = RefreshAsync(fromEvents: true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string ProjectId { get; }

    /// <summary>
    /// Where the watch is. Its filter drivers are those of the first reading only: every refresh locates the work tree
    /// again, so a filter added to the repository's config later is switched off too.
    /// </summary>
    public RepositoryLayout Layout { get; }

    /// <summary>True while inotify watches the folder; false when polling (or not started).</summary>
    public bool Watching => _tree is not null;

    /// <summary>Starts inotify watches on the project folder (and the git folder when it lies outside); false when refused.</summary>
    public bool TryWatch(out string? refusal)
    {
        refusal = null;
        var directories = CountDirectories(_root, _reader.Options.MaxWatchedDirectories);
        if (directories > _reader.Options.MaxWatchedDirectories)
        {
            refusal = $"the folder has more than {_reader.Options.MaxWatchedDirectories} folders (MaxWatchedDirectories)";
            return false;
        }

        try
        {
            _tree = CreateWatcher(_root, recursive: true);
            if (!IsUnder(Layout.GitDirectory, _root))
            {
                // Outside the project folder (a project in a sub-folder, a linked work tree): the index and HEAD live at its top.
                _gitFolder = CreateWatcher(Layout.GitDirectory, recursive: false);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Typically "the configured user limit (128) on the number of inotify instances has been reached".
            StopWatchers();
            refusal = ex.Message;
            return false;
        }
    }

    /// <summary>Re-reads the changes every <see cref="ChangesOptions.PollInterval"/> instead of watching.</summary>
    public void Poll()
    {
        StopWatchers();
        lock (_lock)
        {
            if (!_disposed)
            {
                var interval = _reader.Options.PollInterval;
                _poll ??= _time.CreateTimer(_ => _ = RefreshAsync(fromEvents: false), null, interval, interval);
            }
        }
    }

    private FileSystemWatcher CreateWatcher(string path, bool recursive)
    {
        var watcher = new FileSystemWatcher(path)
        {
            IncludeSubdirectories = recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Attributes | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Changed += OnFileEvent;
        watcher.Created += OnFileEvent;
        watcher.Deleted += OnFileEvent;
        watcher.Renamed += OnRenamed;
        watcher.Error += OnError;
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private static int CountDirectories(string root, int limit)
    {
        var count = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var _ in Directory.EnumerateDirectories(root, "*", options))
        {
            if (++count > limit)
            {
                break;
            }
        }

        return count;
    }

    private static bool IsUnder(string path, string folder)
        => path.StartsWith(folder + "/", StringComparison.Ordinal) || string.Equals(path, folder, StringComparison.Ordinal);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _poll?.Dispose();
            _poll = null;
        }

        StopWatchers();
        _debounce.Dispose();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void StopWatchers()
    {
        FileSystemWatcher?[] watchers;
        lock (_lock)
        {
            watchers = [_tree, _gitFolder];
            _tree = null;
            _gitFolder = null;
        }

        foreach (var watcher in watchers)
        {
            if (watcher is not null)
            {
                watcher.EnableRaisingEvents = false;
                watcher.Dispose();
            }
        }
    }
}
