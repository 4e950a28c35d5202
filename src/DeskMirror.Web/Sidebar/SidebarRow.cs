using DeskMirror.Server.Projects;

namespace DeskMirror.Web.Sidebar;

/// <summary>One project as the sidebar shows it.</summary>
public sealed record SidebarRow(Project Project, bool Shown, bool Expanded);
