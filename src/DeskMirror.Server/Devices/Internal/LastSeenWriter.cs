using System.Threading.Channels;
using DeskMirror.Server.Auth.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Devices.Internal;

/// <summary>
/// Stores last-seen times off the request path: a request that moved a device's last-seen time only queues its
/// record, and one loop writes it. A record waits in the queue at most once, so the queue never holds more than one
/// entry per sign-in; what is still queued when the server stops is written before it does.
/// </summary>
internal sealed class LastSeenWriter(SignInRegistry signIns, ILogger<LastSeenWriter> logger) : BackgroundService
{
    private readonly Channel<SignInRecord> _queue = Channel.CreateUnbounded<SignInRecord>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(SignInRecord record)
    {
        if (record.MarkPersistPending())
        {
            _queue.Writer.TryWrite(record);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryRead(out var record))
        {
            await WriteAsync(record, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var record in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(record, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    private async Task WriteAsync(SignInRecord record, CancellationToken cancellationToken)
    {
        // Cleared before reading the values: a touch from now on queues the record again.
        record.ClearPersistPending();
        if (!signIns.TryGet(record.Id, out _))
        {
            return;
        }

        try
        {
            await signIns.SaveLastSeenAsync(record, cancellationToken);
        }
        catch (SqliteException ex)
        {
            Log.LastSeenWriteFailed(logger, ex, record.DeviceId);
        }
    }
}
