using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Sidebar;
using DeskMirror.Web.Internal;
using DeskMirror.Web.Sidebar;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Workspace;

/// <summary>
/// What one circuit shows: projects in sidebar order, sessions, the desktop's mirror status. It follows the
/// event bus (every change on any device reloads the part it touches) and catches up after a reconnect.
/// Components subscribe to <see cref="Changed"/> and re-render through InvokeAsync.
/// </summary>
internal sealed class WorkspaceState : IDisposable
{
    private readonly UiContext _ui;
    private readonly IProjectStore _projects;
    private readonly ISidebarStore _sidebar;
    private readonly ISessionManager _sessions;
    private readonly IEventBus _events;
    private readonly SidebarSync _sync;
    private readonly ConnectionWatcher _connection;
    private readonly ILogger<WorkspaceState> _logger;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private IReadOnlyList<Project> _projectList = [];
    private SidebarState? _stored;
    private IDisposable? _subscription;
    private bool _started;

    public WorkspaceState(
        UiContext ui,
        IProjectStore projects,
        ISidebarStore sidebar,
        ISessionManager sessions,
        IEventBus events,
        SidebarSync sync,
        ConnectionWatcher connection,
        ILogger<WorkspaceState> logger)
    {
        _ui = ui;
        _projects = projects;
        _sidebar = sidebar;
        _sessions = sessions;
        _events = events;
        _sync = sync;
        _connection = connection;
        _logger = logger;
        _connection.Reconnected += RefreshAsync;
    }

    /// <summary>Raised after anything shown changed; may come from any thread.</summary>
    public event Action? Changed;

    /// <summary>
    /// Raised when a session this mode may see starts needing its person, after <see cref="Sessions"/> shows it; may
    /// come from any thread.
    /// </summary>
    public event Action<SessionAttentionEvent>? AttentionRaised;

    public bool Loaded { get; private set; }

    /// <summary>Every project in the desktop's order with its flags.</summary>
    public IReadOnlyList<SidebarRow> Rows { get; private set; } = [];

    /// <summary>The rows this mode lists: the mirror sees only what the desktop shows.</summary>
    public IReadOnlyList<SidebarRow> ShownRows => [.. Rows.Where(r => r.Shown)];

    /// <summary>Rows the desktop hid; listed on the desktop only, so they can be shown again.</summary>
    public IReadOnlyList<SidebarRow> HiddenRows => _ui.IsDesktop ? [.. Rows.Where(r => !r.Shown)] : [];

    public string? ActiveProjectId { get; private set; }

    /// <summary>Sessions this mode may see, newest first.</summary>
    public IReadOnlyList<SessionInfo> Sessions { get; private set; } = [];

    public MirrorStatus? Status { get; private set; }

    /// <summary>The last error of a sidebar write, shown until the next successful one.</summary>
    public string? SidebarError { get; private set; }

    /// <summary>The sessions that need their person ("Needs you"), the most recent first.</summary>
    public IReadOnlyList<SessionInfo> NeedsYou
        => [.. Sessions.Where(s => s.Attention is not null).OrderByDescending(s => s.Attention!.Since)];

    public IEnumerable<SessionInfo> SessionsOf(string projectId)
        => Sessions.Where(s => string.Equals(s.ProjectId, projectId, StringComparison.Ordinal));

    public SessionInfo? FindSession(string id)
        => Sessions.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    public Project? FindProject(string id)
        => _projectList.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>Loads everything and starts following events; later calls return at once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _subscription = _events.Subscribe(OnEvent);
        _sync.Written += OnSidebarWritten;
        await ReloadAsync(Parts.All, "start", cancellationToken);
    }

    /// <summary>Reloads everything (after a reconnect, or when asked).</summary>
    public Task RefreshAsync()
    {
        if (!_started)
        {
            return Task.CompletedTask;
        }

        Log.Reconnected(_logger);
        return ReloadAsync(Parts.All, "reconnect", CancellationToken.None);
    }

    /// <summary>A person opened the session here: it no longer needs them (the event that follows reloads it).</summary>
    public void MarkSeen(string sessionId)
    {
        if (FindSession(sessionId) is { Attention: not null } session && MirrorPolicy.CanSeeSession(_ui.Mode, session))
        {
            _sessions.MarkSeen(sessionId);
        }
    }

    /// <summary>Sessions changed by this circuit itself (created, stopped); the event will follow too.</summary>
    public Task ReloadSessionsAsync() => ReloadAsync(Parts.Sessions, "local", CancellationToken.None);

    public Task ReloadProjectsAsync() => ReloadAsync(Parts.Projects, "local", CancellationToken.None);

    public void MoveProject(string id, int delta) => Edit(SidebarLayout.Move(Rows, id, delta), ActiveProjectId);

    public void DropProject(string draggedId, string targetId) => Edit(SidebarLayout.MoveTo(Rows, draggedId, targetId), ActiveProjectId);

    public void SetExpanded(string id, bool expanded) => Edit(SidebarLayout.SetExpanded(Rows, id, expanded), ActiveProjectId);

    public void SetShown(string id, bool shown) => Edit(SidebarLayout.SetShown(Rows, id, shown), ActiveProjectId);

    /// <summary>The desktop opened a project (or a session in it).</summary>
    public void SetActive(string? projectId)
    {
        if (_ui.IsDesktop && Loaded && !string.Equals(projectId, ActiveProjectId, StringComparison.Ordinal))
        {
            Edit(Rows, projectId);
        }
    }

    private void Edit(IReadOnlyList<SidebarRow> rows, string? activeProjectId)
    {
        if (!MirrorPolicy.CanWriteSidebar(_ui.Mode))
        {
            throw new InvalidOperationException("The mirror follows the desktop's sidebar and cannot change it.");
        }

        Rows = rows;
        ActiveProjectId = activeProjectId;
        _sync.Schedule(SidebarLayout.ToState(rows), activeProjectId);
        Changed?.Invoke();
    }

    private void OnSidebarWritten(SidebarState? stored, string? error)
    {
        if (stored is not null)
        {
            _stored = stored;
        }

        SidebarError = error;
        if (error is not null)
        {
            Changed?.Invoke();
        }
    }

    private void OnEvent(ServerEvent e)
    {
        if (!MirrorPolicy.CanReceiveEvent(_ui.Mode, e.Audience))
        {
            return;
        }

        var parts = e switch
        {
            ProjectUpdatedEvent or ProjectRemovedEvent => Parts.Projects,
            SessionEvent => Parts.Sessions,
            SidebarUpdatedEvent when !(_ui.IsDesktop && _sync.IsBusy) => Parts.Sidebar,
            MirrorStatusEvent => Parts.Status,
            _ => Parts.None,
        };
        if (parts != Parts.None)
        {
            var reload = ReloadAsync(parts, e.Type, CancellationToken.None);
            if (e is SessionAttentionEvent attention)
            {
                _ = reload.ContinueWith(_ => AttentionRaised?.Invoke(attention), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }

    private async Task ReloadAsync(Parts parts, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await _reload.WaitAsync(cancellationToken);
            try
            {
                if (parts.HasFlag(Parts.Projects))
                {
                    _projectList = await _projects.ListAsync(cancellationToken);
                }

                if (parts.HasFlag(Parts.Sidebar))
                {
                    _stored = await _sidebar.GetAsync(cancellationToken);
                }

                if (parts.HasFlag(Parts.Sessions))
                {
                    Sessions = [.. _sessions.List()
                        .Where(s => MirrorPolicy.CanSeeSession(_ui.Mode, s))
                        .OrderByDescending(s => s.CreatedAt)];
                }

                if (parts.HasFlag(Parts.Status))
                {
                    Status = _ui.Desktop?.GetMirrorStatus();
                }

                if (parts.HasFlag(Parts.Projects) || parts.HasFlag(Parts.Sidebar))
                {
                    Recompose(fromStore: parts.HasFlag(Parts.Sidebar) || !Loaded);
                }

                Loaded = true;
            }
            finally
            {
                _reload.Release();
            }

            Changed?.Invoke();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RefreshFailed(_logger, reason, ex);
        }
    }

    /// <summary>
    /// From the store when the sidebar itself changed; otherwise the desktop keeps its own (possibly
    /// unsaved) order and only picks up added or removed projects.
    /// </summary>
    private void Recompose(bool fromStore)
    {
        if (fromStore || !_ui.IsDesktop)
        {
            Rows = SidebarLayout.Compose(_projectList, _stored);
            ActiveProjectId = _stored?.ActiveProjectId;
        }
        else
        {
            var current = new SidebarState(SidebarLayout.ToState(Rows), ActiveProjectId, 0, DateTimeOffset.MinValue);
            Rows = SidebarLayout.Compose(_projectList, current);
        }

        if (ActiveProjectId is not null && FindProject(ActiveProjectId) is null)
        {
            ActiveProjectId = null;
        }

        if (_ui.IsDesktop)
        {
            _sync.ReplacePending(SidebarLayout.ToState(Rows), ActiveProjectId);
        }
    }

    public void Dispose()
    {
        _connection.Reconnected -= RefreshAsync;
        _sync.Written -= OnSidebarWritten;
        _subscription?.Dispose();
    }

    [Flags]
    private enum Parts
    {
        None = 0,
        Projects = 1,
        Sidebar = 2,
        Sessions = 4,
        Status = 8,
        All = Projects | Sidebar | Sessions | Status,
    }
}
