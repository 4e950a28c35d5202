namespace DeskMirror.Server.Sidebar;

/// <summary>The persisted sidebar state; an update bumps the version and publishes <c>mirror.sidebar.updated</c>.</summary>
public interface ISidebarStore
{
    Task<SidebarState> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Validates and stores; throws <see cref="ArgumentException"/> (nothing changed) on unknown or duplicate ids.</summary>
    Task<SidebarState> UpdateAsync(IReadOnlyList<SidebarProject> projects, string? activeProjectId, CancellationToken cancellationToken = default);
}
