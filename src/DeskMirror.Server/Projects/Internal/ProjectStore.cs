using System.Globalization;
using System.Security.Cryptography;
using DeskMirror.Server.Events;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Storage;
using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Projects.Internal;

/// <summary>Projects in the <c>projects</c> table; a path is stored normalised and at most once.</summary>
internal sealed class ProjectStore(
    IDatabase database, IEventBus events, IEnumerable<IProjectRemovalHandler> removalHandlers, AppServerOptions options) : IProjectStore
{
    public async Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, path FROM projects ORDER BY created_at, rowid;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var projects = new List<Project>();
        while (await reader.ReadAsync(cancellationToken))
        {
            projects.Add(new Project(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return projects;
    }

    public async Task<Project> AddAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = ProjectPaths.Normalise(path);
        var project = new Project(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ProjectPaths.NameOf(full), full);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var existing = connection.CreateCommand())
        {
            existing.CommandText = "SELECT id FROM projects WHERE path = $path;";
            existing.Parameters.AddWithValue("$path", full);
            if (await existing.ExecuteScalarAsync(cancellationToken) is string id)
            {
                throw new ProjectConflictException($"\"{full}\" is already a project (id {id}).");
            }
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO projects (id, name, path, created_at) VALUES ($id, $name, $path, $created);";
        insert.Parameters.AddWithValue("$id", project.Id);
        insert.Parameters.AddWithValue("$name", project.Name);
        insert.Parameters.AddWithValue("$path", project.Path);
        insert.Parameters.AddWithValue("$created", options.TimeProvider.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: a concurrent add of the same path won the race.
            throw new ProjectConflictException($"\"{full}\" is already a project.", ex);
        }

        events.Publish(new ProjectUpdatedEvent(project));
        return project;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM projects WHERE id = $id;";
            delete.Parameters.AddWithValue("$id", id);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        events.Publish(new ProjectRemovedEvent(id));
        foreach (var handler in removalHandlers)
        {
            await handler.OnProjectRemovedAsync(id, cancellationToken);
        }

        return true;
    }
}
