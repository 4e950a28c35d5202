using System.Globalization;
using System.Security.Cryptography;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Push.Internal;

/// <summary>Subscriptions in the <c>push_subscriptions</c> table; an endpoint is stored at most once.</summary>
internal sealed class PushSubscriptionStore(IDatabase database, AppServerOptions server, IOptions<PushOptions> options)
{
    private const string Columns = "id, endpoint, p256dh, auth, mode, origin, server_key, expires_at";

    /// <summary>
    /// Stores <paramref name="subscription"/> for the listener <paramref name="mode"/> and the page origin
    /// <paramref name="origin"/>, or updates the one with the same endpoint.
    /// </summary>
    public async Task<SubscriptionUpsert> UpsertAsync(
        ValidSubscription subscription, RequestMode mode, string origin, string serverKey, CancellationToken cancellationToken)
    {
        var now = Stamp(server.TimeProvider.GetUtcNow());
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // IMMEDIATE: the count, the look-up and the write see one state, whatever another request does meanwhile.
        await using var transaction = connection.BeginTransaction(deferred: false);
        string? existing;
        await using (var find = Command(connection, transaction, "SELECT id FROM push_subscriptions WHERE endpoint = $endpoint;"))
        {
            find.Parameters.AddWithValue("$endpoint", subscription.Endpoint);
            existing = await find.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (existing is null)
        {
            await using var count = Command(connection, transaction, "SELECT COUNT(*) FROM push_subscriptions;");
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) >= options.Value.MaxSubscriptions)
            {
                return new SubscriptionUpsert(SubscriptionUpsertOutcome.Full, null);
            }
        }

        var id = existing ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var sql = existing is null
            ? $"INSERT INTO push_subscriptions ({Columns}, created_at, updated_at) VALUES ($id, $endpoint, $p256dh, $auth, $mode, $origin, $key, $expires, $now, $now);"
            : "UPDATE push_subscriptions SET p256dh = $p256dh, auth = $auth, mode = $mode, origin = $origin, server_key = $key, expires_at = $expires, updated_at = $now WHERE id = $id;";
        await using (var write = Command(connection, transaction, sql))
        {
            write.Parameters.AddWithValue("$id", id);
            write.Parameters.AddWithValue("$endpoint", subscription.Endpoint);
            write.Parameters.AddWithValue("$p256dh", subscription.P256dh);
            write.Parameters.AddWithValue("$auth", subscription.Auth);
            write.Parameters.AddWithValue("$mode", mode.Name());
            write.Parameters.AddWithValue("$origin", origin);
            write.Parameters.AddWithValue("$key", serverKey);
            write.Parameters.AddWithValue("$expires", subscription.ExpiresAt is { } expires ? Stamp(expires) : DBNull.Value);
            write.Parameters.AddWithValue("$now", now);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SubscriptionUpsert(existing is null ? SubscriptionUpsertOutcome.Created : SubscriptionUpsertOutcome.Updated, id);
    }

    /// <summary>
    /// Deletes a subscription. A mirror request may delete only subscriptions made on the mirror; the desktop any.
    /// False when there is no such subscription for this caller.
    /// </summary>
    public async Task<bool> DeleteAsync(string id, RequestMode mode, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = Command(connection, null, mode == RequestMode.Desktop
            ? "DELETE FROM push_subscriptions WHERE id = $id;"
            : "DELETE FROM push_subscriptions WHERE id = $id AND mode = 'mirror';");
        delete.Parameters.AddWithValue("$id", id);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Removes a subscription whatever its listener (its push service said it is gone).</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
        => await DeleteAsync(id, RequestMode.Desktop, cancellationToken);

    /// <summary>The subscriptions <paramref name="audience"/> reaches, oldest first.</summary>
    public async Task<IReadOnlyList<StoredSubscription>> ListAsync(PushAudience audience, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, audience == PushAudience.DesktopOnly
            ? $"SELECT {Columns} FROM push_subscriptions WHERE mode = 'desktop' ORDER BY created_at, rowid;"
            : $"SELECT {Columns} FROM push_subscriptions ORDER BY created_at, rowid;");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var list = new List<StoredSubscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredSubscription(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                RequestModeNames.Parse(reader.GetString(4)),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return list;
    }

    /// <summary>How many subscriptions are stored.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM push_subscriptions;");
        return Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
