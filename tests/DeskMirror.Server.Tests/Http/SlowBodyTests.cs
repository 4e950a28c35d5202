using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Http;

/// <summary>
/// A body that trickles in (one byte per second) trips Kestrel's minimum data rate. Every reader answers that
/// quietly: 408 with a problem body, no unhandled exception, no stack trace in the log.
/// </summary>
public sealed class SlowBodyTests
{
    private const int DeclaredLength = 64;

    [Fact]
    public async Task SignInForm_OneBytePerSecond_408ProblemAndNoStackTrace()
    {
        var (server, logs) = await StartAsync();
        await using (server)
        {
            var response = await TrickleAsync(
                server.Server.MirrorEndpoint, "/auth/sign-in",
                "Content-Type: application/x-www-form-urlencoded", $"Origin: http://127.0.0.1:{server.Server.MirrorEndpoint.Port}");

            AssertQuiet408(response, logs);
        }
    }

    [Fact]
    public async Task JsonBody_OneBytePerSecond_408ProblemAndNoStackTrace()
    {
        var (server, logs) = await StartAsync();
        await using (server)
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.Credentials.Username}:{server.Credentials.Password}"));
            var response = await TrickleAsync(
                server.Server.DesktopEndpoint, "/project", "Content-Type: application/json", $"Authorization: Basic {credentials}");

            AssertQuiet408(response, logs);
        }
    }

    [Fact]
    public async Task AnyOtherReader_OneBytePerSecond_408ProblemAndNoStackTrace()
    {
        // A reader with no handling of its own (as any endpoint added later may be): the server's net answers.
        var (server, logs) = await StartAsync(app => app.MapPost("/test/naive-reader", static async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        }).AllowAnonymous());
        await using (server)
        {
            var response = await TrickleAsync(server.Server.DesktopEndpoint, "/test/naive-reader", "Content-Type: application/octet-stream");

            AssertQuiet408(response, logs);
        }
    }

    private static async Task<(TestAppServer Server, CapturingLoggerProvider Logs)> StartAsync(Action<WebApplication>? configureApp = null)
    {
        var logs = new CapturingLoggerProvider();
        var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder =>
            {
                builder.Logging.AddProvider(logs);
                // Kestrel's shortest grace period, so the test does not wait out the default five seconds.
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(100, TimeSpan.FromSeconds(1.5)));
            },
            ConfigureApp = configureApp,
        });
        return (server, logs);
    }

    /// <summary>Sends the head, then one byte of the body per second until the server answers.</summary>
    private static async Task<RawResponse> TrickleAsync(IPEndPoint endpoint, string path, params string[] headers)
    {
        using var socket = await RawHttp.ConnectAsync(endpoint);
        await socket.SendAsync(RawHttp.Head(endpoint, "POST", path, DeclaredLength, headers)).DefaultTimeout("send the head");
        var response = RawHttp.ReadResponseAsync(socket);
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var sent = 0; sent < DeclaredLength && !response.IsCompleted; sent++)
        {
            try
            {
                await socket.SendAsync("{"u8.ToArray()).DefaultTimeout("send one byte");
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(response, pace.WaitForNextTickAsync().AsTask());
        }

        return await response.DefaultTimeout("the answer to the slow body");
    }

    private static void AssertQuiet408(RawResponse response, CapturingLoggerProvider logs)
    {
        Assert.True(response.Status == 408, $"expected 408, got {response.Status}: {response.Body}");
        Assert.Equal("application/problem+json", response.Header("Content-Type")?.Split(';')[0]);
        Assert.Equal(408, JsonNode.Parse(response.Body)!["status"]!.GetValue<int>());
        foreach (var line in logs.Lines)
        {
            Assert.DoesNotContain("BadHttpRequestException", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        }
    }
}
