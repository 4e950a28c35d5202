using DeskMirror.Server.Events;
using DeskMirror.Server.Projects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// The front door of the Changes view for the HTTP API and the UI: finds the project, reads its changes or one diff,
/// and keeps its watcher running while someone looks. A hosted service so every watcher stops with the server.
/// </summary>
internal sealed class ChangesService : IChangesService, IHostedService, IDisposable
{
    private readonly IProjectStore _projects;
    private readonly GitRunner _git;
    private readonly ChangesReader _reader;
    private readonly WatcherRegistry _watchers;
    private IDisposable? _removals;

    public ChangesService(IProjectStore projects, IEventBus events, IOptions<ChangesOptions> options, TimeProvider time, ILogger<ChangesService> logger)
    {
        var errors = options.Value.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(ChangesOptions), typeof(ChangesOptions), errors);
        }

        _projects = projects;
        _git = new GitRunner(options.Value);
        _reader = new ChangesReader(options.Value, _git);
        _watchers = new WatcherRegistry(_reader, events, time, logger);
        _removals = events.Subscribe(e =>
        {
            if (e is ProjectRemovedEvent { Id: var id })
            {
                _watchers.Forget(id);
            }
        });
    }

    /// <summary>The watchers, for tests and diagnostics.</summary>
    internal WatcherRegistry Watchers => _watchers;

    public async Task<ChangesResult> GetChangesAsync(string projectId, CancellationToken cancellationToken = default)
    {
        var (project, layout, failure) = await LocateAsync(projectId, cancellationToken);
        if (failure is not null)
        {
            return new ChangesResult(null, failure);
        }

        var (changes, readFailure) = await _reader.ReadAsync(layout!, withCounts: true, cancellationToken);
        if (changes is not null)
        {
            _watchers.Touch(project!.Id, layout!, changes);
        }

        return new ChangesResult(changes, readFailure);
    }

    public async Task<DiffResult> GetDiffAsync(string projectId, string? path, CancellationToken cancellationToken = default)
    {
        var (_, layout, failure) = await LocateAsync(projectId, cancellationToken);
        if (failure is not null)
        {
            return new DiffResult(null, false, failure);
        }

        if (ChangePaths.Problem(path) is { } problem)
        {
            return DiffResult.Fail(ChangesFailureKind.InvalidPath, problem);
        }

        if (!ChangePaths.StaysInside(layout!.TopLevel, path!))
        {
            return DiffResult.Fail(ChangesFailureKind.InvalidPath, $"The path goes through a symbolic link or out of the work tree: \"{path}\".");
        }

        // Only a changed file has a diff: asking git first means nothing else on disk is ever opened.
        var (entry, headExists, findFailure) = await _reader.FindAsync(layout, path!, cancellationToken);
        if (findFailure is not null)
        {
            return new DiffResult(null, false, findFailure);
        }

        if (entry is null)
        {
            return DiffResult.Fail(ChangesFailureKind.NotChanged, $"\"{path}\" is not one of the project's changed files.");
        }

        return await _reader.DiffAsync(layout, entry, headExists, cancellationToken);
    }

    public IDisposable Watch(string projectId) => _watchers.Lease(projectId);

    private async Task<(Project? Project, RepositoryLayout? Layout, ChangesFailure? Failure)> LocateAsync(string projectId, CancellationToken cancellationToken)
    {
        var projects = await _projects.ListAsync(cancellationToken);
        var project = projects.FirstOrDefault(p => string.Equals(p.Id, projectId, StringComparison.Ordinal));
        if (project is null)
        {
            return (null, null, new ChangesFailure(ChangesFailureKind.ProjectNotFound, $"No project with id \"{projectId}\"."));
        }

        var (layout, failure) = await _reader.LocateAsync(project.Path, cancellationToken);
        return (project, layout, failure);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watchers.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _removals?.Dispose();
        _removals = null;
        _watchers.Dispose();
        _git.Dispose();
    }
}
