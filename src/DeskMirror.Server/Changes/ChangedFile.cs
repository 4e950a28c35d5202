using System.Text.Json.Serialization;

namespace DeskMirror.Server.Changes;

/// <summary>
/// One changed file. <see cref="Path"/> is relative to the work tree's top folder with <c>/</c> separators, exactly as
/// <c>GET /project/{id}/changes/diff?path=</c> takes it. <see cref="Additions"/> and <see cref="Deletions"/> count
/// lines against HEAD; both are 0 for a binary file.
/// </summary>
public sealed record ChangedFile(
    string Path,
    ChangeStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OldPath,
    int Additions,
    int Deletions,
    bool Binary);
