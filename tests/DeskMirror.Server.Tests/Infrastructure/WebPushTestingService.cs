using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>
/// A real local push service: the npm package web-push-testing, installed by <c>.ci/run</c> into
/// <c>tests/push-service</c> and started there by <c>serve.js</c> on 127.0.0.1 at a port the OS picks. It makes
/// subscriptions with real keys, checks the VAPID token of every push, decrypts the payload and hands it back.
/// Dispose it: its stdin closes and it exits.
/// </summary>
public sealed class WebPushTestingService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors;
    private readonly HttpClient _client;

    private WebPushTestingService(Process process, StringBuilder errors, int port)
    {
        _process = process;
        _errors = errors;
        Port = port;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TaskTimeoutExtensions.DefaultTimeoutSpan };
    }

    public int Port { get; }

    public static async Task<WebPushTestingService> StartAsync()
    {
        var folder = FindFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "web-push-testing", "package.json")))
        {
            throw new InvalidOperationException($"web-push-testing is not installed: run `npm ci` in {folder} (.ci/run does).");
        }

        var info = new ProcessStartInfo("node", ["serve.js"])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var errors = new StringBuilder();
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("the push service exited before it listened: " + errors));
            }
            else if (e.Data.StartsWith("listening ", StringComparison.Ordinal))
            {
                ready.TrySetResult(int.Parse(e.Data["listening ".Length..], CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new WebPushTestingService(process, errors, await ready.Task.DefaultTimeout("web-push-testing to listen"));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>A new subscription for the VAPID public key <paramref name="applicationServerKey"/>, as a browser's pushManager.subscribe makes.</summary>
    public async Task<TestSubscription> SubscribeAsync(string applicationServerKey)
    {
        // The service wants userVisibleOnly as the string "true".
        using var response = await _client.PostAsync("subscribe", Json.Body(
            $$"""{"userVisibleOnly":"true","applicationServerKey":{{Json.Quote(applicationServerKey)}}}""")).DefaultTimeout("POST /subscribe");
        var body = await ReadDataAsync(response);
        return new TestSubscription(
            body["endpoint"]!.GetValue<string>(),
            body["keys"]!["p256dh"]!.GetValue<string>(),
            body["keys"]!["auth"]!.GetValue<string>(),
            body["clientHash"]!.GetValue<string>());
    }

    /// <summary>The decrypted payloads delivered to a subscription so far, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetMessagesAsync(TestSubscription subscription)
    {
        using var response = await _client.PostAsync("get-notifications", Json.Body($$"""{"clientHash":{{Json.Quote(subscription.ClientHash)}}}""")).DefaultTimeout("POST /get-notifications");
        var body = await ReadDataAsync(response);
        return [.. body["messages"]!.AsArray().Select(m => m!.GetValue<string>())];
    }

    /// <summary>From now on the subscription's endpoint answers 410 Gone.</summary>
    public async Task ExpireAsync(TestSubscription subscription)
    {
        using var response = await _client.PostAsync($"expire-subscription/{subscription.ClientHash}", null).DefaultTimeout("POST /expire-subscription");
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonObject> ReadDataAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"push service: {(int)response.StatusCode} {text} {_errors}");
        return JsonNode.Parse(text)!["data"]!.AsObject();
    }

    private static string FindFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DeskMirror.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("DeskMirror.slnx above " + AppContext.BaseDirectory), "tests", "push-service");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(exited.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}

/// <summary>A subscription made at <see cref="WebPushTestingService"/>: what a browser would post, and the hash that names it there.</summary>
public sealed record TestSubscription(string Endpoint, string P256dh, string Auth, string ClientHash)
{
    /// <summary>The browser's PushSubscription JSON.</summary>
    public string ToJson() => $$$"""{"endpoint":{{{Json.Quote(Endpoint)}}},"expirationTime":null,"keys":{"p256dh":{{{Json.Quote(P256dh)}}},"auth":{{{Json.Quote(Auth)}}}}}""";
}
