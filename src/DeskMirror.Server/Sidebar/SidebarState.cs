namespace DeskMirror.Server.Sidebar;

/// <summary>The desktop's sidebar as the mirror follows it.</summary>
public sealed record SidebarState(IReadOnlyList<SidebarProject> Projects, string? ActiveProjectId, long Version, DateTimeOffset UpdatedAt);

/// <summary>One project row of the sidebar.</summary>
public sealed record SidebarProject(string Id, bool Shown, bool Expanded);
