using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Internal;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Sidebar;

/// <summary>
/// Pushes the desktop's sidebar to the server, debounced: every change restarts the <see cref="Debounce"/>
/// timer and only the last state is written, so a drag that passes over five rows is one write.
/// One per circuit; pending state is written on dispose so a change made just before closing is kept.
/// </summary>
internal sealed class SidebarSync(ISidebarStore store, TimeProvider time, ILogger<SidebarSync> logger) : IAsyncDisposable
{
    /// <summary>Quiet time after the last change before the state is written.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Pending? _pending;
    private Task _writing = Task.CompletedTask;
    private bool _disposed;

    /// <summary>True while a change waits for its write or is being written; incoming echoes are ignored then.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _pending is not null || !_writing.IsCompleted;
            }
        }
    }

    /// <summary>Raised after a write, with the stored state (or the error message).</summary>
    public event Action<SidebarState?, string?>? Written;

    public void Schedule(IReadOnlyList<SidebarProject> projects, string? activeProjectId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pending = new Pending(projects, activeProjectId);
            _timer ??= time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Replaces the state still waiting for its write, if there is one (its timer runs on): the rows changed
    /// underneath it, e.g. a project was removed meanwhile, which the store would refuse to list.
    /// </summary>
    public void ReplacePending(IReadOnlyList<SidebarProject> projects, string? activeProjectId)
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                _pending = new Pending(projects, activeProjectId);
            }
        }
    }

    /// <summary>Writes the pending state now; completes when every write so far is done.</summary>
    public Task FlushAsync()
    {
        Flush();
        lock (_gate)
        {
            return _writing;
        }
    }

    private void Flush()
    {
        lock (_gate)
        {
            if (_pending is not { } pending)
            {
                return;
            }

            _pending = null;
            _writing = WriteAfterAsync(_writing, pending);
        }
    }

    private async Task WriteAfterAsync(Task previous, Pending pending)
    {
        await previous;
        try
        {
            var stored = await store.UpdateAsync(pending.Projects, pending.ActiveProjectId);
            Written?.Invoke(stored, null);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            // A project removed between the edit and the write makes the state stale; the next change
            // or event recomposes it. Nothing else is lost: the rows stay as the user left them.
            Log.SidebarWriteFailed(logger, ex.Message);
            Written?.Invoke(null, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task writing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
        }

        Flush();
        lock (_gate)
        {
            writing = _writing;
        }

        await writing;
    }

    private sealed record Pending(IReadOnlyList<SidebarProject> Projects, string? ActiveProjectId);
}
