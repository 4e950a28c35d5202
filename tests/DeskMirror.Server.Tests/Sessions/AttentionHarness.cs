using System.Collections.Concurrent;
using DeskMirror.Server.Events;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>A session harness with short attention settings and every published session event collected in order.</summary>
internal sealed class AttentionHarness : IAsyncDisposable
{
    private readonly ConcurrentQueue<SessionEvent> _events = new();
    private readonly IDisposable _subscription;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AttentionHarness(SessionHarness sessions)
    {
        Sessions = sessions;
        _subscription = sessions.Server.GetService<IEventBus>().Subscribe(e =>
        {
            if (e is SessionEvent session)
            {
                _events.Enqueue(session);
                Interlocked.Exchange(ref _arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        });
    }

    public SessionHarness Sessions { get; }

    public static async Task<AttentionHarness> StartAsync(Action<AttentionOptions>? configure = null) => new(await SessionHarness.StartAsync(o =>
    {
        o.Attention.InputAfter = TimeSpan.FromMilliseconds(200);
        o.Attention.IdleAfter = TimeSpan.Zero;
        o.Attention.PollInterval = TimeSpan.FromMilliseconds(40);
        configure?.Invoke(o.Attention);
    }));

    public IReadOnlyList<SessionAttentionEvent> Attentions(string id) => [.. _events.OfType<SessionAttentionEvent>().Where(e => e.Id == id)];

    /// <summary>Waits until an event about <paramref name="id"/> matching <paramref name="match"/> was published.</summary>
    public async Task<T> WaitForAsync<T>(string id, Func<T, bool> match, string what)
        where T : SessionEvent
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        while (true)
        {
            var arrived = Volatile.Read(ref _arrived).Task;
            var found = _events.OfType<T>().FirstOrDefault(e => IdOf(e) == id && match(e));
            if (found is not null)
            {
                return found;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; events: {string.Join(", ", _events.Select(e => e.Type))}");
            }
        }
    }

    /// <summary>Waits for <paramref name="passes"/> more passes of the attention timer: "nothing happened meanwhile" becomes checkable.</summary>
    public Task PassesAsync(int passes)
    {
        var target = Sessions.Manager.AttentionPasses + passes;
        return Poll.UntilAsync(() => Sessions.Manager.AttentionPasses >= target, $"{passes} passes of the attention timer");
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Sessions.DisposeAsync();
    }

    private static string IdOf(SessionEvent e) => e switch
    {
        SessionAttentionEvent a => a.Id,
        SessionUpdatedEvent u => u.Session.Id,
        SessionCreatedEvent c => c.Session.Id,
        SessionResizedEvent r => r.Id,
        SessionRemovedEvent r => r.Id,
        _ => "",
    };
}
