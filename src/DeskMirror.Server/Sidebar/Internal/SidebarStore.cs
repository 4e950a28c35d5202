using System.Globalization;
using System.Text.Json;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Http;
using DeskMirror.Server.Projects;
using DeskMirror.Server.Storage;
using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Sidebar.Internal;

/// <summary>The sidebar row in SQLite. Updates are serialised so versions never repeat; a rejected update writes nothing.</summary>
internal sealed class SidebarStore(IDatabase database, IEventBus events, AppServerOptions options) : ISidebarStore, IProjectRemovalHandler, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SidebarState> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, cancellationToken);
    }

    public async Task<SidebarState> UpdateAsync(IReadOnlyList<SidebarProject> projects, string? activeProjectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projects);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction();
            await ValidateAsync(connection, transaction, projects, activeProjectId, cancellationToken);
            var current = await ReadAsync(connection, transaction, cancellationToken);
            var next = new SidebarState([.. projects], activeProjectId, current.Version + 1, options.TimeProvider.GetUtcNow());
            await WriteAsync(connection, transaction, next, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Publish(next);
            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops a removed project from the sidebar (a new version, broadcast) when it was listed or active.</summary>
    public async Task OnProjectRemovedAsync(string projectId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction();
            var current = await ReadAsync(connection, transaction, cancellationToken);
            if (current.ActiveProjectId != projectId && current.Projects.All(p => p.Id != projectId))
            {
                return;
            }

            var next = new SidebarState(
                [.. current.Projects.Where(p => p.Id != projectId)],
                current.ActiveProjectId == projectId ? null : current.ActiveProjectId,
                current.Version + 1,
                options.TimeProvider.GetUtcNow());
            await WriteAsync(connection, transaction, next, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Publish(next);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static async Task ValidateAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<SidebarProject> projects, string? activeProjectId, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT id FROM projects;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                known.Add(reader.GetString(0));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            if (project is null || string.IsNullOrEmpty(project.Id))
            {
                throw new ArgumentException($"projects[{i}] needs an \"id\".");
            }

            if (!seen.Add(project.Id))
            {
                throw new ArgumentException($"Project \"{project.Id}\" is listed twice (projects[{i}]).");
            }

            if (!known.Contains(project.Id))
            {
                throw new ArgumentException($"Unknown project id \"{project.Id}\" (projects[{i}]).");
            }
        }

        if (activeProjectId is not null && !seen.Contains(activeProjectId))
        {
            throw new ArgumentException($"activeProjectId \"{activeProjectId}\" is not one of the listed projects.");
        }
    }

    private static async Task<SidebarState> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT state_json FROM sidebar WHERE id = 1;";
        if (await command.ExecuteScalarAsync(cancellationToken) is string json)
        {
            var state = JsonSerializer.Deserialize(json, ServerJsonContext.Default.SidebarState);
            if (state is not null)
            {
                return state;
            }
        }

        return new SidebarState([], null, 0, DateTimeOffset.UnixEpoch);
    }

    private static async Task WriteAsync(SqliteConnection connection, SqliteTransaction transaction, SidebarState state, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO sidebar (id, state_json, version, updated_at) VALUES (1, $json, $version, $updated)
            ON CONFLICT(id) DO UPDATE SET state_json = excluded.state_json, version = excluded.version, updated_at = excluded.updated_at;
            """;
        command.Parameters.AddWithValue("$json", JsonSerializer.Serialize(state, ServerJsonContext.Default.SidebarState));
        command.Parameters.AddWithValue("$version", state.Version);
        command.Parameters.AddWithValue("$updated", state.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Publish(SidebarState state) => events.Publish(new SidebarUpdatedEvent(state));
}
