using DeskMirror.Server.Push.Internal;

namespace DeskMirror.Server.Tests.Push;

/// <summary>Collects the notifier's reports from the moment it is made; <see cref="WaitAsync"/> returns once enough have arrived.</summary>
internal sealed class DeliveryWatcher : IDisposable
{
    private readonly PushNotifier _notifier;
    private readonly List<DeliveryReport> _reports = [];
    private readonly Lock _lock = new();
    private (int Count, TaskCompletionSource<IReadOnlyList<DeliveryReport>> Done)? _waiter;

    public DeliveryWatcher(PushNotifier notifier)
    {
        _notifier = notifier;
        _notifier.Handled += OnHandled;
    }

    /// <summary>The first <paramref name="count"/> reports since this watcher was made.</summary>
    public Task<IReadOnlyList<DeliveryReport>> WaitAsync(int count = 1)
    {
        lock (_lock)
        {
            if (_reports.Count >= count)
            {
                return Task.FromResult<IReadOnlyList<DeliveryReport>>([.. _reports.Take(count)]);
            }

            var done = new TaskCompletionSource<IReadOnlyList<DeliveryReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (count, done);
            return done.Task.DefaultTimeout($"{count} push deliveries to be handled");
        }
    }

    private void OnHandled(DeliveryReport report)
    {
        lock (_lock)
        {
            _reports.Add(report);
            if (_waiter is { } waiter && _reports.Count >= waiter.Count)
            {
                waiter.Done.TrySetResult([.. _reports.Take(waiter.Count)]);
                _waiter = null;
            }
        }
    }

    public void Dispose() => _notifier.Handled -= OnHandled;
}
