using DeskMirror.Server.Projects;
using DeskMirror.Server.Sidebar;

namespace DeskMirror.Web.Sidebar;

/// <summary>
/// The sidebar's order and flags as pure functions, so the desktop's edits and the mirror's view come
/// from one place: projects the stored state names come first in its order, projects it does not know
/// yet follow in the store's order (shown and expanded), ids of removed projects drop out.
/// </summary>
public static class SidebarLayout
{
    public static IReadOnlyList<SidebarRow> Compose(IReadOnlyList<Project> projects, SidebarState? state)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var byId = projects.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var rows = new List<SidebarRow>(projects.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in state?.Projects ?? [])
        {
            if (byId.TryGetValue(entry.Id, out var project) && placed.Add(entry.Id))
            {
                rows.Add(new SidebarRow(project, entry.Shown, entry.Expanded));
            }
        }

        foreach (var project in projects)
        {
            if (placed.Add(project.Id))
            {
                rows.Add(new SidebarRow(project, Shown: true, Expanded: true));
            }
        }

        return rows;
    }

    /// <summary>Moves a row by <paramref name="delta"/> places, clamped to the list.</summary>
    public static IReadOnlyList<SidebarRow> Move(IReadOnlyList<SidebarRow> rows, string id, int delta)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var from = IndexOf(rows, id);
        if (from < 0)
        {
            return rows;
        }

        var to = Math.Clamp(from + delta, 0, rows.Count - 1);
        return MoveIndex(rows, from, to);
    }

    /// <summary>Drag and drop: puts <paramref name="draggedId"/> where <paramref name="targetId"/> is.</summary>
    public static IReadOnlyList<SidebarRow> MoveTo(IReadOnlyList<SidebarRow> rows, string draggedId, string targetId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var from = IndexOf(rows, draggedId);
        var to = IndexOf(rows, targetId);
        return from < 0 || to < 0 ? rows : MoveIndex(rows, from, to);
    }

    public static IReadOnlyList<SidebarRow> SetExpanded(IReadOnlyList<SidebarRow> rows, string id, bool expanded)
        => Replace(rows, id, row => row with { Expanded = expanded });

    public static IReadOnlyList<SidebarRow> SetShown(IReadOnlyList<SidebarRow> rows, string id, bool shown)
        => Replace(rows, id, row => row with { Shown = shown });

    /// <summary>The state the desktop pushes to the server.</summary>
    public static IReadOnlyList<SidebarProject> ToState(IReadOnlyList<SidebarRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r => new SidebarProject(r.Project.Id, r.Shown, r.Expanded))];
    }

    private static int IndexOf(IReadOnlyList<SidebarRow> rows, string id)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (string.Equals(rows[i].Project.Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<SidebarRow> MoveIndex(IReadOnlyList<SidebarRow> rows, int from, int to)
    {
        var list = rows.ToList();
        var row = list[from];
        list.RemoveAt(from);
        list.Insert(to, row);
        return list;
    }

    private static IReadOnlyList<SidebarRow> Replace(IReadOnlyList<SidebarRow> rows, string id, Func<SidebarRow, SidebarRow> change)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r => string.Equals(r.Project.Id, id, StringComparison.Ordinal) ? change(r) : r)];
    }
}
