using System.Globalization;
using DeskMirror.Server.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Storage.Internal;

/// <summary>Opens, checks and migrates <c>deskmirror.db</c>; a file it cannot read is renamed aside, never overwritten.</summary>
internal sealed class SqliteDatabase : IDatabase
{
    /// <summary>File name inside the data folder.</summary>
    public const string FileName = "deskmirror.db";

    private readonly string _connectionString;

    private SqliteDatabase(string filePath, string? setAsidePath)
    {
        FilePath = filePath;
        SetAsidePath = setAsidePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = filePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Also the busy timeout: a writer waits this long for another connection's lock.
            DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    public string? SetAsidePath { get; }

    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // secure_delete: a deleted row (a sign-in id, a replaced verifier) is zeroed in the file, not left in a free cell.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the folder, sets an unreadable file aside, and applies every pending migration.</summary>
    public static async Task<SqliteDatabase> OpenAsync(
        string dataDirectory, IReadOnlyList<Migration> migrations, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        string? setAside = null;
        if (File.Exists(path))
        {
            var problem = await CheckAsync(path, cancellationToken);
            if (problem is not null)
            {
                setAside = SetAside(path, time);
                Log.DatabaseSetAside(logger, path, problem, setAside);
            }
        }

        CreateOwnerOnly(path);
        var database = new SqliteDatabase(path, setAside);
        await database.MigrateAsync(migrations, logger, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return database;
    }

    /// <summary>
    /// Creates a missing database file 0600 before SQLite opens it: SQLite gives its <c>-wal</c>, <c>-shm</c> and
    /// journal files the mode of the database file, so they are owner-only from their first byte too.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }

    private static async Task<string?> CheckAsync(string path, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            var result = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return string.Equals(result, "ok", StringComparison.Ordinal) ? null : $"integrity check: {result}";
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the bytes are not a usable database.
            return ex.Message;
        }
    }

    private static string SetAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        for (var n = 2; File.Exists(target); n++)
        {
            target = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, target);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    private async Task MigrateAsync(IReadOnlyList<Migration> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var current = await ReadVersionAsync(connection, cancellationToken);
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The database {FilePath} has schema version {current}, newer than this DeskMirror knows ({latest}). Use a newer DeskMirror; the file was left untouched.");
        }

        // Only now: switching to WAL rewrites the file header, which a newer version's file must not suffer.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = migration.Sql + $"\nPRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            Log.Migrated(logger, migration.Version, migration.Name);
        }
    }

    internal static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
