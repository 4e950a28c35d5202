namespace DeskMirror.Server.Changes;

/// <summary>How a file differs from HEAD; written in JSON as <c>"modified"</c>, <c>"added"</c>, and so on.</summary>
public enum ChangeStatus
{
    /// <summary>Tracked, content or mode changed (staged or not), or in a merge conflict.</summary>
    Modified,

    /// <summary>New in the index (staged), not in HEAD.</summary>
    Added,

    /// <summary>In HEAD, gone from the index or the work tree.</summary>
    Deleted,

    /// <summary>Staged as a rename of <see cref="ChangedFile.OldPath"/>.</summary>
    Renamed,

    /// <summary>In the work tree only: neither tracked nor ignored.</summary>
    Untracked,
}
