namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// One path of <c>git status</c>, already judged against HEAD. <see cref="Staged"/>: the index differs from HEAD;
/// <see cref="Unstaged"/>: the work tree differs from the index. Which of the two holds decides the cheapest diff.
/// </summary>
internal sealed record StatusEntry(string Path, ChangeStatus Status, string? OldPath, bool Staged = false, bool Unstaged = false);
