using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Push;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Push;

/// <summary>How delivery behaves toward push services that answer badly or not at all (a recording Kestrel push service).</summary>
public sealed class PushDeliveryTests
{
    [Fact]
    public async Task Notify_Request_CarriesTtlUrgencyTopicVapidAndEncryptedBody()
    {
        await using var service = await RecordingPushService.StartAsync();
        await using var server = await TestAppServer.StartAsync();
        await SubscribeAsync(server, new Uri(service.BaseAddress, "channel/abc"));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s1", "title", "input", "plain words", "/s/s1"), PushAudience.AllDevices);

        Assert.Equal(1, Assert.Single(await watcher.WaitAsync()).Delivered);
        var request = Assert.Single(service.Requests);
        Assert.Equal("/channel/abc", request.Path);
        Assert.Equal("43200", request.Headers["TTL"]);
        Assert.Equal("high", request.Headers["Urgency"]);
        Assert.Equal(PushSender.TopicOf("s1"), request.Headers["Topic"]);
        Assert.Matches("^[A-Za-z0-9_-]{1,32}$", request.Headers["Topic"]);
        Assert.Equal("aes128gcm", request.Headers["Content-Encoding"]);
        var key = await PushApiTests.KeyAsync(server.Desktop);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("vapid t=", authorization, StringComparison.Ordinal);
        Assert.EndsWith("k=" + key, authorization, StringComparison.Ordinal);
        var token = authorization["vapid t=".Length..authorization.IndexOf(',', StringComparison.Ordinal)];
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        Assert.Equal(PushOptions.DefaultSubject, claims["sub"]!.GetValue<string>());
        Assert.DoesNotContain("plain words", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_EndpointAnswers404_RemovesTheSubscription()
    {
        await using var service = await RecordingPushService.StartAsync();
        service.Status = 404;
        await using var server = await TestAppServer.StartAsync();
        await SubscribeAsync(server, new Uri(service.BaseAddress, "gone"));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(new PushMessage("s1", "t", "bell", null, "/s/s1"), PushAudience.AllDevices);

        Assert.Equal(1, Assert.Single(await watcher.WaitAsync()).Removed);
        Assert.Equal(0, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Notify_ServerErrors_AreLoggedByOriginOnly_OncePerInterval()
    {
        await using var service = await RecordingPushService.StartAsync();
        service.Status = 500;
        var logs = new CapturingLoggerProvider();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            Time = time,
            ConfigureBuilder = builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
            },
        });
        const string Channel = "channel/secret-token-4711";
        var body = await SubscribeAsync(server, new Uri(service.BaseAddress, Channel));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        for (var i = 0; i < 3; i++)
        {
            notifier.Notify(new PushMessage("s" + i, "t", "bell", null, "/s/x"), PushAudience.AllDevices);
        }

        await watcher.WaitAsync(3);
        time.Advance(new PushOptions().FailureLogInterval);
        notifier.Notify(new PushMessage("s3", "t", "bell", null, "/s/x"), PushAudience.AllDevices);
        var reports = await watcher.WaitAsync(4);

        Assert.All(reports, r => Assert.Equal(1, r.Failed));
        Assert.Equal(4, notifier.Counters.Failed);
        var failures = logs.Lines.Where(l => l.Contains("[704]", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        var origin = service.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.All(failures, l => Assert.Contains($"delivery to {origin} failed: HTTP 500", l, StringComparison.Ordinal));
        Assert.Contains("(0 more failures", failures[0], StringComparison.Ordinal);
        Assert.Contains("(2 more failures", failures[1], StringComparison.Ordinal);
        var keys = JsonNode.Parse(body)!["keys"]!;
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain("secret-token-4711", line, StringComparison.Ordinal);
            Assert.DoesNotContain(keys["p256dh"]!.GetValue<string>(), line, StringComparison.Ordinal);
            Assert.DoesNotContain(keys["auth"]!.GetValue<string>(), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Notify_WhileThePushServiceHangs_ReturnsAtOnce_DropsTheOldestAndCountsThem()
    {
        await using var service = await RecordingPushService.StartAsync();
        service.Hold = true;
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder => builder.Services.Configure<PushOptions>(options => options.QueueCapacity = 3),
        });
        await SubscribeAsync(server, new Uri(service.BaseAddress, "slow"));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(Message("m0"), PushAudience.AllDevices);
        await service.Arrived;
        // The loop is stuck on m0: three fit in the queue, the two oldest of five make way.
        for (var i = 1; i <= 5; i++)
        {
            notifier.Notify(Message("m" + i), PushAudience.AllDevices);
        }

        Assert.Equal(new PushCounters(6, 2, 0, 0, 0), notifier.Counters);
        service.Release();
        var reports = await watcher.WaitAsync(4);
        Assert.Equal(["m0", "m3", "m4", "m5"], reports.Select(r => r.Message.SessionId));
        Assert.All(reports, r => Assert.Equal(1, r.Delivered));
        Assert.Equal(new PushCounters(6, 2, 4, 0, 0), notifier.Counters);
    }

    [Fact]
    public async Task Notify_NoAnswerWithinTheSendTimeout_CountsAFailure()
    {
        await using var service = await RecordingPushService.StartAsync();
        service.Hold = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            Time = time,
            ConfigureBuilder = builder => builder.Logging.AddProvider(logs),
        });
        await SubscribeAsync(server, new Uri(service.BaseAddress, "silent"));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(Message("m0"), PushAudience.AllDevices);
        await service.Arrived;
        time.Advance(new PushOptions().SendTimeout);

        Assert.Equal(1, Assert.Single(await watcher.WaitAsync()).Failed);
        Assert.Contains(logs.Lines, l => l.Contains("no answer within 15 s", StringComparison.Ordinal));
        Assert.Equal(1, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Notify_NothingListens_CountsANetworkFailureAndKeepsTheSubscription()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { ConfigureBuilder = builder => builder.Logging.AddProvider(logs) });
        await SubscribeAsync(server, new Uri($"http://127.0.0.1:{ClosedPort()}/nobody"));
        var notifier = server.GetService<PushNotifier>();
        using var watcher = new DeliveryWatcher(notifier);

        notifier.Notify(Message("m0"), PushAudience.AllDevices);

        Assert.Equal(1, Assert.Single(await watcher.WaitAsync()).Failed);
        Assert.Contains(logs.Lines, l => l.Contains("network error: ConnectionError", StringComparison.Ordinal));
        Assert.Equal(1, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("s/1")]
    [InlineData("//evil.example/s/1")]
    [InlineData("https://evil.example/s/1")]
    [InlineData("/s\\1")]
    [InlineData("")]
    public async Task Notify_UrlNotAPathOnThisServer_Throws(string url)
    {
        await using var server = await TestAppServer.StartAsync();
        var notifier = server.GetService<IPushNotifier>();
        Assert.Throws<ArgumentException>(() => notifier.Notify(new PushMessage("s1", "t", "bell", null, url), PushAudience.AllDevices));
        Assert.Equal(0, notifier.Counters.Queued);
    }

    private static PushMessage Message(string sessionId) => new(sessionId, "t", "input", null, "/s/" + sessionId);

    private static async Task<string> SubscribeAsync(TestAppServer server, Uri endpoint)
    {
        var body = PushApiTests.Body(endpoint.ToString());
        using var response = await server.Desktop.PostAsync("/push/subscription", Json.Body(body)).DefaultTimeout("POST /push/subscription");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
