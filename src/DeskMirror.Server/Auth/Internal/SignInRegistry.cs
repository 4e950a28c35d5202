using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Storage;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// The browser sign-ins that are still valid, kept in memory and in <c>sign_ins</c>. A cookie is honoured only
/// while its id is here, so sign-out and a password change end it on the server, not only in the browser.
/// </summary>
internal sealed class SignInRegistry(IDatabase database, AppServerOptions options)
{
    private const string VerifierKey = "credential_verifier";
    private const string LegacySaltKey = "credential_salt";
    private const string LegacyFingerprintKey = "credential_fingerprint";

    private readonly ConcurrentDictionary<string, Entry> _active = new(StringComparer.Ordinal);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM sign_ins WHERE expires_at <= $now;";
            delete.Parameters.AddWithValue("$now", Format(now));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, mode, expires_at FROM sign_ins;";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mode = RequestModeNames.Parse(reader.GetString(1));
            _active[reader.GetString(0)] = new Entry(mode, DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture));
        }
    }

    public async Task AddAsync(string id, RequestMode mode, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO sign_ins (id, mode, created_at, expires_at) VALUES ($id, $mode, $created, $expires);";
        insert.Parameters.AddWithValue("$id", id);
        insert.Parameters.AddWithValue("$mode", mode.Name());
        insert.Parameters.AddWithValue("$created", Format(options.TimeProvider.GetUtcNow()));
        insert.Parameters.AddWithValue("$expires", Format(expiresAt));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        _active[id] = new Entry(mode, expiresAt);
    }

    public bool IsActive(string id, RequestMode mode)
        => _active.TryGetValue(id, out var entry) && entry.Mode == mode && entry.ExpiresAt > options.TimeProvider.GetUtcNow();

    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        _active.TryRemove(id, out _);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM sign_ins WHERE id = $id;";
        delete.Parameters.AddWithValue("$id", id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends every sign-in in memory at once and returns their ids, to be deleted from the file with <see cref="RemoveAsync(IReadOnlyCollection{string}, CancellationToken)"/>.</summary>
    public IReadOnlyCollection<string> ClearMemory()
    {
        var ids = _active.Keys.ToArray();
        foreach (var id in ids)
        {
            _active.TryRemove(id, out _);
        }

        return ids;
    }

    /// <summary>Deletes the given sign-ins from the file only (a sign-in made since is kept).</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        foreach (var id in ids)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM sign_ins WHERE id = $id;";
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// At start: ends every stored sign-in when the credentials differ from those of the last run (the password
    /// was changed while the server was off). Only a slow-KDF verifier of the credentials is stored, never the password.
    /// </summary>
    public async Task EndSignInsIfCredentialsChangedAsync(ServerCredentials credentials, CancellationToken cancellationToken)
    {
        if (!await StoreVerifierAsync(credentials, cancellationToken))
        {
            return;
        }

        _active.Clear();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM sign_ins;";
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records the verifier of <paramref name="credentials"/>; true when they differ from the stored ones. A database
    /// from an earlier version holds a salted HMAC instead (one cheap hash per guess for whoever reads the file): it
    /// is checked once more, replaced by the verifier and erased, together with its salt.
    /// </summary>
    public async Task<bool> StoreVerifierAsync(ServerCredentials credentials, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var stored = await ReadSettingAsync(connection, VerifierKey, cancellationToken);
        var legacySalt = await ReadSettingAsync(connection, LegacySaltKey, cancellationToken);
        var legacyFingerprint = await ReadSettingAsync(connection, LegacyFingerprintKey, cancellationToken);

        bool changed;
        var rewrite = true;
        if (stored is not null)
        {
            changed = !CredentialVerifier.Matches(stored, credentials, out var iterations);
            rewrite = changed || iterations != options.CredentialKdfIterations;
        }
        else
        {
            changed = legacySalt is null || legacyFingerprint is null || !LegacyFingerprintMatches(legacySalt, legacyFingerprint, credentials);
        }

        if (rewrite)
        {
            await WriteSettingAsync(connection, VerifierKey, CredentialVerifier.Create(credentials, options.CredentialKdfIterations), cancellationToken);
        }

        if (legacySalt is not null || legacyFingerprint is not null)
        {
            await EraseLegacyFingerprintAsync(connection, cancellationToken);
        }

        return changed;
    }

    private static bool LegacyFingerprintMatches(string salt, string fingerprint, ServerCredentials credentials)
    {
        try
        {
            var computed = HMACSHA256.HashData(Convert.FromBase64String(salt), Encoding.UTF8.GetBytes(credentials.Username + "\0" + credentials.Password));
            return CryptographicOperations.FixedTimeEquals(computed, Convert.FromBase64String(fingerprint));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Deletes the old salt and HMAC so that no copy stays in the file or its write-ahead log.</summary>
    private static async Task EraseLegacyFingerprintAsync(Microsoft.Data.Sqlite.SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var delete = connection.CreateCommand())
        {
            // secure_delete (on for every connection) zeroes the freed cells; the checkpoint then moves the
            // zeroed page into the file and truncates the log that still held the old page.
            delete.CommandText = "DELETE FROM settings WHERE key IN ($salt, $fingerprint);";
            delete.Parameters.AddWithValue("$salt", LegacySaltKey);
            delete.Parameters.AddWithValue("$fingerprint", LegacyFingerprintKey);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ReadSettingAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM settings WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static async Task WriteSettingAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string key, string value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private sealed record Entry(RequestMode Mode, DateTimeOffset ExpiresAt);
}
