namespace DeskMirror.Server.Push;

/// <summary>What the notifier has done since the server started.</summary>
/// <param name="Queued">Messages accepted by <see cref="IPushNotifier.Notify"/>.</param>
/// <param name="Dropped">Messages dropped unsent because the queue was full (the oldest go first) or the server was stopping.</param>
/// <param name="Delivered">Deliveries a push service accepted (one per message and device).</param>
/// <param name="Failed">Deliveries that failed for another reason than a gone subscription (logged, rate-limited).</param>
/// <param name="Removed">Subscriptions removed because their push service answered 404 or 410, they expired, or they belong to earlier keys.</param>
public sealed record PushCounters(long Queued, long Dropped, long Delivered, long Failed, long Removed);
