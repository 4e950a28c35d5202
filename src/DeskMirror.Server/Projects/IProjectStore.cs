namespace DeskMirror.Server.Projects;

/// <summary>Projects in SQLite; add and remove publish <c>project.updated</c> / <c>project.removed</c>.</summary>
public interface IProjectStore
{
    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a directory; throws <see cref="ArgumentException"/> with a readable message when the path is bad or already a project.</summary>
    Task<Project> AddAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Removes a project; false when the id is unknown.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
