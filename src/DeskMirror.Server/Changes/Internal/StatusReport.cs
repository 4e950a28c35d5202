namespace DeskMirror.Server.Changes.Internal;

/// <summary>What <c>git status --porcelain=v2 --branch -z</c> said: the branch, HEAD, and the changed paths.</summary>
internal sealed record StatusReport(string? Branch, string? Head, IReadOnlyList<StatusEntry> Entries);
