using System.Net;
using System.Text;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Auth;

public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_AfterRightWrongAndLinkAttempts_HoldNoSecret()
    {
        var logs = new CapturingLoggerProvider();
        var credentials = new ServerCredentials("tester", "S3cret-Pa55word");
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            Credentials = credentials,
            ConfigureBuilder = builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
            },
        });
        var wrong = new ServerCredentials("tester", "Wr0ng-Guess-Pa55");
        using (await server.CreateClient(RequestMode.Mirror, credentials: wrong).GetAsync("/project").DefaultTimeout("wrong"))
        using (await server.Mirror.GetAsync("/project").DefaultTimeout("right"))
        using (await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.SignIn(server.BaseAddress(RequestMode.Mirror), "tester", wrong.Password)).DefaultTimeout("form"))
        {
        }

        var pairing = server.Server.CreatePairingPath();
        using (var paired = await server.CreateBrowserClient(RequestMode.Mirror).SendAsync(BrowserRequests.Navigate(pairing)).DefaultTimeout("pair"))
        {
            Assert.Equal(HttpStatusCode.Redirect, paired.StatusCode);
        }

        server.Server.UpdateCredentials(new ServerCredentials("tester", "N3w-Secret-Pa55"));

        var token = pairing[(pairing.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var secrets = new[]
        {
            credentials.Password, wrong.Password, "N3w-Secret-Pa55", token,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"tester:{credentials.Password}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"tester:{wrong.Password}")),
        };
        Assert.Contains(logs.Lines, line => line.Contains("Authentication failed", StringComparison.Ordinal));
        foreach (var line in logs.Lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a secret in the log: {line}");
            }
        }
    }
}
