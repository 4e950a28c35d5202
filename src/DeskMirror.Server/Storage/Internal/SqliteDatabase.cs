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
    private readonly List<Migration> _applied = [];

    private SqliteDatabase(string filePath, string? setAsidePath, string? setAsideReason)
    {
        FilePath = filePath;
        SetAsidePath = setAsidePath;
        SetAsideReason = setAsideReason;
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

    /// <summary>Why the file at <see cref="FilePath"/> was set aside, for the log; null when it was not.</summary>
    public string? SetAsideReason { get; }

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

    /// <summary>
    /// Creates the folder, sets an unreadable file aside, and applies every pending migration. It runs before the
    /// app's logging exists: what it did is kept (the file set aside and why, the migrations applied) and logged
    /// by <see cref="Report"/>.
    /// </summary>
    public static async Task<SqliteDatabase> OpenAsync(
        string dataDirectory, IReadOnlyList<Migration> migrations, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        string? setAside = null;
        string? problem = null;
        if (File.Exists(path))
        {
            problem = await CheckAsync(path, cancellationToken);
            if (problem is not null)
            {
                setAside = SetAside(path, time);
            }
        }

        CreateOwnerOnly(path);
        var database = new SqliteDatabase(path, setAside, problem);
        await database.MigrateAsync(migrations, cancellationToken);
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

    private static string SetAside(string path, TimeProvider time) => CorruptFile.SetAside(path, time, "-wal", "-shm");

    /// <summary>Logs what <see cref="OpenAsync"/> did: a file set aside, the migrations applied.</summary>
    public void Report(ILogger logger)
    {
        if (SetAsidePath is not null)
        {
            Log.DatabaseSetAside(logger, FilePath, SetAsideReason ?? "unknown", SetAsidePath);
        }

        foreach (var migration in _applied)
        {
            Log.Migrated(logger, migration.Version, migration.Name);
        }
    }

    private async Task MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
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
            _applied.Add(migration);
        }
    }

    internal static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
