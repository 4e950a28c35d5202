namespace DeskMirror.Server.Changes;

/// <summary>
/// What <c>GET /project/{id}/changes</c> answers: the checked-out <see cref="Branch"/> (null when HEAD is detached),
/// the <see cref="Head"/> commit id (null before the first commit), and the changed files in path order.
/// <see cref="Truncated"/> is true when the list was cut at <see cref="ChangesOptions.MaxFiles"/>.
/// </summary>
public sealed record ChangeSet(string? Branch, string? Head, IReadOnlyList<ChangedFile> Files, bool Truncated);
