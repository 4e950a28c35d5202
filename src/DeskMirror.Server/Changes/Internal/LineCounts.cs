namespace DeskMirror.Server.Changes.Internal;

/// <summary>Lines added and deleted for one path, or binary.</summary>
internal readonly record struct LineCounts(int Additions, int Deletions, bool Binary);
