using System.Net;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Notifications;
using DeskMirror.Server.Notifications.Internal;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Sessions;
using DeskMirror.Server.Tests.Infrastructure;
using DeskMirror.Server.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Notifications;

/// <summary>
/// A real server with one project, sessions under real PTYs with short attention settings, the real attention notifier
/// and Web Push delivery to a real push service, and the notifier's decisions collected in order. The notifier may get a
/// clock of its own (the rest of the server keeps the system clock), so a test can end its repeat window at will.
/// </summary>
internal sealed class NotifierHarness : IAsyncDisposable
{
    private readonly List<NotifyReport> _reports = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NotifierHarness(SessionHarness sessions, WebPushTestingService push)
    {
        Sessions = sessions;
        PushService = push;
        Notifier.Handled += OnHandled;
    }

    public SessionHarness Sessions { get; }

    public WebPushTestingService PushService { get; }

    public AttentionNotifier Notifier => Sessions.Server.GetService<AttentionNotifier>();

    public PushNotifier Push => Sessions.Server.GetService<PushNotifier>();

    public static async Task<NotifierHarness> StartAsync(
        WebPushTestingService push, Action<NotificationOptions>? notify = null, FakeTimeProvider? notifierClock = null, Action<AttentionOptions>? attention = null)
    {
        var sessions = await SessionHarness.StartAsync(
            o =>
            {
                // Only what a test asks for: the printf and bell tests must not meet a shell waiting for input.
                o.Attention.InputAfter = TimeSpan.Zero;
                o.Attention.IdleAfter = TimeSpan.Zero;
                o.Attention.PollInterval = TimeSpan.FromMilliseconds(40);
                attention?.Invoke(o.Attention);
            },
            configureBuilder: builder =>
            {
                builder.Services.Configure<NotificationOptions>(o => notify?.Invoke(o));
                if (notifierClock is not null)
                {
                    builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AttentionNotifier>(sp, (TimeProvider)notifierClock));
                }
            });
        return new NotifierHarness(sessions, push);
    }

    /// <summary>A device subscribed through the real API on <paramref name="mode"/>'s listener.</summary>
    public async Task<TestSubscription> SubscribeAsync(RequestMode mode)
    {
        var client = Sessions.Client(mode);
        var key = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/push/key").DefaultTimeout("GET /push/key"))!["publicKey"]!.GetValue<string>();
        var subscription = await PushService.SubscribeAsync(key);
        using var response = await client.PostAsync("/push/subscription", Json.Body(subscription.ToJson())).DefaultTimeout("POST /push/subscription");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return subscription;
    }

    /// <summary>Starts a session on the desktop listener; returns its id.</summary>
    public async Task<string> StartSessionAsync(string? command, string kind = "task", bool mirrorInput = false)
        => (await Sessions.CreateAsync(command, mirrorInput, kind))["id"]!.GetValue<string>();

    /// <summary>Waits until the session's screen has parsed all its output so far: every bell and notification in it has been raised.</summary>
    public async Task ScreenCaughtUpAsync(string id, string marker)
    {
        await Sessions.WaitForOutputAsync(id, marker);
        var session = Sessions.Manager.FindSession(id)!;
        var terminal = await session.Terminal!.DefaultTimeout("the screen");
        await terminal.WaitForOffsetAsync(session.Output.Length, CancellationToken.None).DefaultTimeout("the screen to catch up");
    }

    /// <summary>The notifier's decisions about <paramref name="id"/>, once there are <paramref name="count"/> of them.</summary>
    public async Task<IReadOnlyList<NotifyDecision>> DecisionsAsync(string id, int count)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                var found = _reports.Where(r => r.SessionId == id).Select(r => r.Decision).ToList();
                if (found.Count >= count)
                {
                    return found;
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {count} notifier decisions about {id}; all so far: {string.Join(", ", Reports())}");
            }
        }
    }

    /// <summary>Every decision so far.</summary>
    public IReadOnlyList<NotifyReport> Reports()
    {
        lock (_lock)
        {
            return [.. _reports];
        }
    }

    private void OnHandled(NotifyReport report)
    {
        lock (_lock)
        {
            _reports.Add(report);
            _arrived.TrySetResult();
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Notifier.Handled -= OnHandled;
        await Sessions.DisposeAsync();
    }
}
