namespace DeskMirror.Server.Projects;

/// <summary>
/// An area that keeps state per project and drops it when the project is removed (the sidebar forgets its
/// row). Every registered handler is awaited, in registration order, after the project's row is deleted and
/// <c>project.removed</c> is published, before the removal returns.
/// </summary>
public interface IProjectRemovalHandler
{
    /// <summary>Forgets <paramref name="projectId"/>; a project this area never knew is not an error.</summary>
    Task OnProjectRemovedAsync(string projectId, CancellationToken cancellationToken);
}
