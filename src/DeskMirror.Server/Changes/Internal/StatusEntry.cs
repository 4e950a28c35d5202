namespace DeskMirror.Server.Changes.Internal;

/// <summary>One path of <c>git status</c>, already judged against HEAD.</summary>
internal sealed record StatusEntry(string Path, ChangeStatus Status, string? OldPath);
