using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeskMirror.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>
/// Two phones on the network, as the real proxy in front of the mirror sees them: Chromium reaches the mirror from
/// 127.0.0.2 and from 127.0.0.3. The desktop lists each with its own address, and revoking one ends its UI circuit,
/// its event stream and its session WebSocket while the other goes on.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class DeviceRevocationTests(BrowserFixture fixture)
{
    private static readonly IPAddress FirstPhone = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress SecondPhone = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task Revoke_OneOfTwoPhonesBehindTheProxy_ItsCircuitStreamAndWebSocketEndTheOtherGoesOn()
    {
        var mirror = new IPEndPoint(IPAddress.Loopback, fixture.Host.MirrorBase.Port);
        await using var firstRoute = new SourceAddressForwarder(FirstPhone, mirror);
        await using var secondRoute = new SourceAddressForwarder(SecondPhone, mirror);
        var sessionId = await fixture.Host.CreateSessionAsync(fixture.Projects["alpha"], "cat", "device revocation", mirrorInput: false);

        var first = await SignInAsync(firstRoute);
        var second = await SignInAsync(secondRoute);
        var firstCircuit = await first.Circuit;
        var secondCircuit = await second.Circuit;

        // The first phone's event stream and session WebSocket, from a page of its own without a circuit, so that
        // nothing but the server can end them (the circuit's page reloads when its sign-in is gone).
        var streams = await first.Context.NewPageAsync();
        var eventStream = WatchRequest(streams, "/event");
        var sessionSocket = WatchWebSocket(streams, $"/session/{sessionId}/stream");
        await streams.GotoAsync(firstRoute.Rebase(new Uri(fixture.Host.MirrorBase, "health")).ToString());
        await streams.EvaluateAsync(
            """
            async (sessionId) => {
              const events = new EventSource('/event');
              await new Promise((resolve, reject) => { events.onopen = resolve; events.onerror = () => reject(new Error('event stream refused')); });
              const socket = new WebSocket(`ws://${location.host}/session/${sessionId}/stream`);
              await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = () => reject(new Error('WebSocket refused')); });
            }
            """,
            sessionId);

        // Both phones listed with the address the proxy saw; the first with its circuit, stream and WebSocket open.
        var listed = await ListAsync();
        var firstDevice = Single(listed, "127.0.0.2");
        var secondDevice = Single(listed, "127.0.0.3");
        Assert.Equal("pairing", firstDevice["via"]!.GetValue<string>());
        Assert.Equal("pairing", secondDevice["via"]!.GetValue<string>());
        Assert.Equal("Chrome", firstDevice["browser"]!.GetValue<string>());
        Assert.Equal("Linux", firstDevice["os"]!.GetValue<string>());
        Assert.Equal(3, firstDevice["connections"]!.GetValue<int>());
        Assert.Equal(1, secondDevice["connections"]!.GetValue<int>());

        // The mirror may neither list nor revoke, whatever the spelling.
        foreach (var (method, path) in new[] { ("GET", "/device"), ("GET", "/Device/"), ("DELETE", $"/device/{secondDevice["id"]}"), ("DELETE", $"/DEVICE/{secondDevice["id"]}/") })
        {
            var status = await streams.EvaluateAsync<int>(
                "async ([method, path]) => (await fetch(path, { method })).status", new[] { method, path });
            Assert.True(status == 403, $"mirror {method} {path}: {status}");
        }

        using (var revoke = await fixture.Host.SendAsync(HttpMethod.Delete, $"device/{firstDevice["id"]}").DefaultTimeout("DELETE /device/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        await firstCircuit.Closed.DefaultTimeout("the revoked phone's UI circuit to close");
        await (await eventStream).DefaultTimeout("the revoked phone's event stream to end");
        await (await sessionSocket).Closed.DefaultTimeout("the revoked phone's session WebSocket to close");
        // Its page finds the sign-in gone and goes to the sign-in page (a retried assertion: the page may reload more
        // than once on the way, which aborts a navigation a one-shot wait would be following).
        await Expect(first.Page).ToHaveURLAsync(SignInPage());
        Assert.Equal(401, await streams.EvaluateAsync<int>("async () => (await fetch('/project')).status"));

        // The other phone keeps its sign-in, its circuit and its page.
        Assert.False(secondCircuit.Closed.IsCompleted);
        await Expect(second.Page.Locator(".shell[data-interactive=true]")).ToBeVisibleAsync();
        Assert.Equal(200, await second.Page.EvaluateAsync<int>("async () => (await fetch('/project')).status"));
        var left = await ListAsync();
        Assert.DoesNotContain(left, d => d!["address"]?.GetValue<string>() == "127.0.0.2");
        Assert.Equal(secondDevice["id"]!.GetValue<string>(), Single(left, "127.0.0.3")["id"]!.GetValue<string>());
    }

    /// <summary>A new phone (its own browser context) signed in by a pairing link through <paramref name="route"/>, with its page live.</summary>
    private async Task<(IBrowserContext Context, IPage Page, Task<WatchedSocket> Circuit)> SignInAsync(SourceAddressForwarder route)
    {
        var context = await fixture.NewSignedOutContextAsync(Device.Phone);
        var page = await context.NewPageAsync();
        var circuit = WatchWebSocket(page, "/_blazor");
        await page.GotoAsync(route.Rebase(await fixture.Host.CreatePairingUrlAsync()).ToString());
        await BrowserFixture.WaitInteractiveAsync(page);
        return (context, page, circuit);
    }

    private async Task<JsonArray> ListAsync()
    {
        using var response = await fixture.Host.SendAsync(HttpMethod.Get, "device").DefaultTimeout("GET /device");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /device: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    private static JsonObject Single(JsonArray devices, string address)
        => Assert.Single(devices, d => d!["address"]?.GetValue<string>() == address)!.AsObject();

    /// <summary>The first WebSocket of the page whose path starts with <paramref name="path"/>, and when it closes.</summary>
    private static Task<WatchedSocket> WatchWebSocket(IPage page, string path)
    {
        var opened = new TaskCompletionSource<WatchedSocket>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (new Uri(socket.Url).AbsolutePath.StartsWith(path, StringComparison.Ordinal) && !opened.Task.IsCompleted)
            {
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                socket.Close += (_, _) => closed.TrySetResult();
                opened.TrySetResult(new WatchedSocket(closed.Task));
            }
        };
        return opened.Task;
    }

    /// <summary>The first request of the page to <paramref name="path"/>; its task completes when its response ends or fails.</summary>
    private static Task<Task> WatchRequest(IPage page, string path)
    {
        var started = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IRequest? watched = null;
        page.Request += (_, request) =>
        {
            if (watched is null && new Uri(request.Url).AbsolutePath == path)
            {
                watched = request;
                started.TrySetResult(ended.Task);
            }
        };
        page.RequestFinished += (_, request) =>
        {
            if (ReferenceEquals(request, watched))
            {
                ended.TrySetResult();
            }
        };
        page.RequestFailed += (_, request) =>
        {
            if (ReferenceEquals(request, watched))
            {
                ended.TrySetResult();
            }
        };
        return started.Task;
    }

    [GeneratedRegex("/signin")]
    private static partial Regex SignInPage();

    private sealed record WatchedSocket(Task Closed);
}
