namespace DeskMirror.Server.Changes;

/// <summary>
/// A project's uncommitted changes against HEAD, read with the git CLI. The HTTP API and the UI both call this.
/// Reading is all it does: nothing here stages, commits or discards.
/// </summary>
public interface IChangesService
{
    /// <summary>The changed files; also starts (or keeps alive) the project's watcher that publishes <c>project.changes</c>.</summary>
    Task<ChangesResult> GetChangesAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>The unified diff of one changed file (<paramref name="path"/> as listed) against HEAD.</summary>
    Task<DiffResult> GetDiffAsync(string projectId, string? path, CancellationToken cancellationToken = default);

    /// <summary>Keeps the project's watcher running until the returned lease is disposed (an open Changes view).</summary>
    IDisposable Watch(string projectId);
}
