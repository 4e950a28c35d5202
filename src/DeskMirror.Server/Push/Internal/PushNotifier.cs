using System.Threading.Channels;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Hosting.Internal;
using DeskMirror.Server.Modes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// The queue and the delivery loop. <see cref="Notify"/> writes to a bounded channel that drops its oldest entry
/// when full; one background loop takes a message, reads the subscriptions its audience reaches and sends to all
/// of them side by side, each with its own deadline, then takes the next.
/// </summary>
internal sealed class PushNotifier : BackgroundService, IPushNotifier
{
    private readonly Channel<QueuedMessage> _queue;
    private readonly PushSubscriptionStore _store;
    private readonly VapidKeyStore _keys;
    private readonly ListenerPorts _ports;
    private readonly PushSender _sender;
    private readonly FailureLogLimiter _failureLog;
    private readonly TimeProvider _time;
    private readonly ILogger<PushNotifier> _logger;
    private long _queued;
    private long _dropped;
    private long _delivered;
    private long _failed;
    private long _removed;

    public PushNotifier(
        PushSubscriptionStore store, VapidKeyStore keys, IOptions<PushOptions> options, AppServerOptions server, ListenerPorts ports, ILogger<PushNotifier> logger)
    {
        var settings = options.Value;
        _store = store;
        _ports = ports;
        _keys = keys;
        _time = server.TimeProvider;
        _logger = logger;
        _sender = new PushSender(settings, _time);
        _failureLog = new FailureLogLimiter(_time, settings.FailureLogInterval);
        _queue = Channel.CreateBounded<QueuedMessage>(
            new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Raised on the delivery loop after each message was handled.</summary>
    internal event Action<DeliveryReport>? Handled;

    public PushCounters Counters => new(
        Interlocked.Read(ref _queued),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _delivered),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _removed));

    public void Notify(PushMessage message, PushAudience audience)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.SessionId, nameof(message));
        ArgumentNullException.ThrowIfNull(message.Title, nameof(message));
        ArgumentException.ThrowIfNullOrEmpty(message.Reason, nameof(message));
        // A path on this server: the device resolves it against the origin it subscribed on.
        if (string.IsNullOrEmpty(message.Url) || message.Url[0] != '/' || message.Url.StartsWith("//", StringComparison.Ordinal) || message.Url.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("Url must be a path on this server, such as /s/{id}.", nameof(message));
        }

        if (!Enum.IsDefined(audience))
        {
            throw new ArgumentOutOfRangeException(nameof(audience));
        }

        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(new QueuedMessage(message, audience)))
        {
            // Only after a stop: a full queue drops its oldest entry instead.
            Interlocked.Increment(ref _dropped);
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Read or make the keys now, so a set-aside key file is reported at start, not at the first message.
        _ = _keys.Keys;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        var left = 0;
        while (_queue.Reader.TryRead(out _))
        {
            left++;
        }

        Interlocked.Add(ref _dropped, left);
    }

    public override void Dispose()
    {
        _sender.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                DeliveryReport report;
                try
                {
                    report = await DeliverAsync(item, stoppingToken);
                }
                catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException or ArgumentException)
                {
                    Log.MessageFailed(_logger, ex);
                    report = new DeliveryReport(item.Message, 0, 0, 0);
                }

                Handled?.Invoke(report);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is counted as dropped in StopAsync.
        }
    }

    private async Task<DeliveryReport> DeliverAsync(QueuedMessage item, CancellationToken cancellationToken)
    {
        var keys = _keys.Keys;
        var payload = PayloadEncoder.Encode(item.Message);
        var now = _time.GetUtcNow();
        var removed = 0;
        var sends = new List<Task<DeliveryResult>>();
        foreach (var subscription in await _store.ListAsync(item.Audience, cancellationToken))
        {
            if (IsStale(subscription, keys, now))
            {
                await _store.RemoveAsync(subscription.Id, cancellationToken);
                var origin = PushOrigin.Of(subscription.Endpoint);
                Log.StaleRemoved(_logger, origin);
                removed++;
                continue;
            }

            sends.Add(DeliverOneAsync(subscription, payload, item.Message.SessionId, keys, cancellationToken));
        }

        var results = await Task.WhenAll(sends);
        var delivered = results.Count(r => r == DeliveryResult.Delivered);
        var failed = results.Count(r => r == DeliveryResult.Failed);
        removed += results.Count(r => r == DeliveryResult.Gone);
        Interlocked.Add(ref _removed, removed);
        return new DeliveryReport(item.Message, delivered, removed, failed);
    }

    /// <summary>
    /// Made for keys this server no longer has, ended by the browser's own date, or made on a desktop listener of
    /// an earlier run: the desktop's port changes at each start, and a browser's service worker and subscription
    /// belong to one origin, so such a notification would open an address where nothing answers.
    /// </summary>
    private bool IsStale(StoredSubscription subscription, VapidKeys keys, DateTimeOffset now)
        => !string.Equals(subscription.ServerKey, keys.PublicKey, StringComparison.Ordinal)
            || subscription.ExpiresAt <= now
            || (subscription.Mode == RequestMode.Desktop && !IsCurrentDesktopOrigin(subscription.Origin));

    private bool IsCurrentDesktopOrigin(string origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Port == _ports.Desktop;

    private async Task<DeliveryResult> DeliverOneAsync(
        StoredSubscription subscription, string payload, string sessionId, VapidKeys keys, CancellationToken cancellationToken)
    {
        var (result, failure) = await _sender.SendAsync(subscription, payload, sessionId, keys, cancellationToken);
        var origin = PushOrigin.Of(subscription.Endpoint);
        switch (result)
        {
            case DeliveryResult.Delivered:
                Interlocked.Increment(ref _delivered);
                break;
            case DeliveryResult.Gone:
                await _store.RemoveAsync(subscription.Id, cancellationToken);
                Log.GoneRemoved(_logger, origin);
                break;
            default:
                Interlocked.Increment(ref _failed);
                if (_failureLog.ShouldLog(origin, out var suppressed))
                {
                    Log.DeliveryFailed(_logger, origin, failure ?? "unknown", suppressed);
                }

                break;
        }

        return result;
    }

    private sealed record QueuedMessage(PushMessage Message, PushAudience Audience);
}
