using System.Globalization;
using DeskMirror.Server.Storage;
using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>Session metadata in the <c>sessions</c> table of the shared database.</summary>
internal sealed class SessionStore(IDatabase database)
{
    public async Task InsertAsync(SessionInfo session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO sessions (id, project_id, kind, command, title, status, exit_code, reason, mirror_input, created_at, ended_at, cols, rows)
            VALUES ($id, $project, $kind, $command, $title, $status, $exit, $reason, $mirror, $created, $ended, $cols, $rows);
            """;
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$project", session.ProjectId);
        command.Parameters.AddWithValue("$kind", KindText(session.Kind));
        command.Parameters.AddWithValue("$command", (object?)session.Command ?? DBNull.Value);
        command.Parameters.AddWithValue("$title", session.Title);
        command.Parameters.AddWithValue("$mirror", session.MirrorInput ? 1 : 0);
        command.Parameters.AddWithValue("$created", session.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$cols", session.Cols);
        command.Parameters.AddWithValue("$rows", session.Rows);
        AddEnd(command, session);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateSizeAsync(string id, int cols, int rows, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET cols = $cols, rows = $rows WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$cols", cols);
        command.Parameters.AddWithValue("$rows", rows);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateEndAsync(SessionInfo session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET status = $status, exit_code = $exit, reason = $reason, ended_at = $ended WHERE id = $id;";
        command.Parameters.AddWithValue("$id", session.Id);
        AddEnd(command, session);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sessions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, project_id, kind, command, title, status, exit_code, reason, mirror_input, created_at, ended_at, cols, rows
            FROM sessions ORDER BY created_at, id;
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<SessionInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new SessionInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2) == "terminal" ? SessionKind.Terminal : SessionKind.Task,
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                ParseStatus(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetInt64(8) != 0,
                DateTimeOffset.Parse(reader.GetString(9), CultureInfo.InvariantCulture))
            {
                Reason = reader.IsDBNull(7) ? null : reader.GetString(7),
                EndedAt = reader.IsDBNull(10) ? null : DateTimeOffset.Parse(reader.GetString(10), CultureInfo.InvariantCulture),
                Cols = reader.GetInt32(11),
                Rows = reader.GetInt32(12),
            });
        }

        return sessions;
    }

    private static void AddEnd(SqliteCommand command, SessionInfo session)
    {
        command.Parameters.AddWithValue("$status", StatusText(session.Status));
        command.Parameters.AddWithValue("$exit", (object?)session.ExitCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$reason", (object?)session.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$ended", (object?)session.EndedAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
    }

    private static string KindText(SessionKind kind) => kind == SessionKind.Terminal ? "terminal" : "task";

    private static string StatusText(SessionStatus status) => status switch
    {
        SessionStatus.Running => "running",
        SessionStatus.Exited => "exited",
        SessionStatus.Failed => "failed",
        _ => "stopped",
    };

    private static SessionStatus ParseStatus(string text) => text switch
    {
        "running" => SessionStatus.Running,
        "exited" => SessionStatus.Exited,
        "failed" => SessionStatus.Failed,
        _ => SessionStatus.Stopped,
    };
}
