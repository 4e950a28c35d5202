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

    private readonly ConcurrentDictionary<string, SignInRecord> _active = new(StringComparer.Ordinal);

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
        select.CommandText = "SELECT id, mode, created_at, expires_at, device_id, via, address, user_agent, last_seen_at FROM sign_ins;";
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mode = RequestModeNames.Parse(reader.GetString(1));
            var signedInAt = Parse(reader.GetString(2));
            var record = new SignInRecord(
                reader.GetString(0),
                reader.GetString(4),
                mode,
                ParseVia(reader.IsDBNull(5) ? null : reader.GetString(5)),
                signedInAt,
                Parse(reader.GetString(3)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? signedInAt : Parse(reader.GetString(8)));
            _active[record.Id] = record;
        }
    }

    public async Task AddAsync(SignInRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO sign_ins (id, mode, created_at, expires_at, device_id, via, address, user_agent, last_seen_at)
            VALUES ($id, $mode, $created, $expires, $device, $via, $address, $agent, $seen);
            """;
        insert.Parameters.AddWithValue("$id", record.Id);
        insert.Parameters.AddWithValue("$mode", record.Mode.Name());
        insert.Parameters.AddWithValue("$created", Format(record.SignedInAt));
        insert.Parameters.AddWithValue("$expires", Format(record.ExpiresAt));
        insert.Parameters.AddWithValue("$device", record.DeviceId);
        insert.Parameters.AddWithValue("$via", (object?)ViaName(record.Via) ?? DBNull.Value);
        insert.Parameters.AddWithValue("$address", (object?)record.Address ?? DBNull.Value);
        insert.Parameters.AddWithValue("$agent", (object?)record.UserAgent ?? DBNull.Value);
        insert.Parameters.AddWithValue("$seen", Format(record.LastSeenAt));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        _active[record.Id] = record;
    }

    public bool IsActive(string id, RequestMode mode)
        => _active.TryGetValue(id, out var record) && record.Mode == mode && record.ExpiresAt > options.TimeProvider.GetUtcNow();

    /// <summary>The sign-in behind a cookie's id, while it is valid.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignInRecord? record)
        => _active.TryGetValue(id, out record) && record.ExpiresAt > options.TimeProvider.GetUtcNow();

    /// <summary>The valid sign-ins of one listener.</summary>
    public IEnumerable<SignInRecord> ListActive(RequestMode mode)
    {
        var now = options.TimeProvider.GetUtcNow();
        return _active.Values.Where(r => r.Mode == mode && r.ExpiresAt > now);
    }

    /// <summary>The valid sign-in of one listener with this public id.</summary>
    public SignInRecord? FindDevice(string deviceId, RequestMode mode)
        => ListActive(mode).FirstOrDefault(r => string.Equals(r.DeviceId, deviceId, StringComparison.Ordinal));

    /// <summary>Ends a sign-in in memory (no cookie is honoured from here on); false when it was gone already.</summary>
    public bool TryRemoveFromMemory(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SignInRecord? record)
        => _active.TryRemove(id, out record);

    /// <summary>Deletes one sign-in from the file (after <see cref="TryRemoveFromMemory"/>).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM sign_ins WHERE id = $id;";
        delete.Parameters.AddWithValue("$id", id);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes where and when the browser was last seen.</summary>
    public async Task SaveLastSeenAsync(SignInRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE sign_ins SET last_seen_at = $seen, address = $address, user_agent = $agent WHERE id = $id;";
        update.Parameters.AddWithValue("$id", record.Id);
        update.Parameters.AddWithValue("$seen", Format(record.LastSeenAt));
        update.Parameters.AddWithValue("$address", (object?)record.Address ?? DBNull.Value);
        update.Parameters.AddWithValue("$agent", (object?)record.UserAgent ?? DBNull.Value);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Ends every sign-in in memory at once and returns them, to be deleted from the file with <see cref="RemoveAsync(IReadOnlyCollection{string}, CancellationToken)"/>.</summary>
    public IReadOnlyCollection<SignInRecord> ClearMemory()
    {
        var ended = new List<SignInRecord>();
        foreach (var id in _active.Keys.ToArray())
        {
            if (_active.TryRemove(id, out var record))
            {
                ended.Add(record);
            }
        }

        return ended;
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

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? ViaName(SignInVia? via) => via switch
    {
        SignInVia.Password => "password",
        SignInVia.Pairing => "pairing",
        SignInVia.Launch => "launch",
        _ => null,
    };

    private static SignInVia? ParseVia(string? value) => value switch
    {
        "password" => SignInVia.Password,
        "pairing" => SignInVia.Pairing,
        "launch" => SignInVia.Launch,
        _ => null,
    };
}
