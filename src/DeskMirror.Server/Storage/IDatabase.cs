using Microsoft.Data.Sqlite;

namespace DeskMirror.Server.Storage;

/// <summary>
/// The shared SQLite database (<c>deskmirror.db</c> in the data folder), migrated to the latest schema
/// before the server accepts requests. Every area (projects, sidebar, sessions) opens its own short-lived
/// connection here; pooling makes that cheap.
/// </summary>
internal interface IDatabase
{
    /// <summary>Full path of the database file.</summary>
    string FilePath { get; }

    /// <summary>
    /// Where an unreadable database file was moved at start-up (renamed with a timestamp), or null when
    /// the file was healthy or new. The server never overwrites a file it cannot read.
    /// </summary>
    string? SetAsidePath { get; }

    /// <summary>Opens a connection with foreign keys on; the caller disposes it.</summary>
    Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);
}
