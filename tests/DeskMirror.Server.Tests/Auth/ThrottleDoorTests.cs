using System.Net;
using DeskMirror.Server.Auth;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Auth;

/// <summary>Every door that checks a credential goes through the one throttle, however its path is spelled.</summary>
public sealed class ThrottleDoorTests
{
    private const int Limit = 10;

    [Theory]
    [InlineData("/auth/sign-in")]
    [InlineData("/auth/sign-in/")]
    [InlineData("/AUTH/SIGN-IN")]
    [InlineData("/Auth/Sign-In/")]
    [InlineData("/auth/sign%2Din")]
    [InlineData("/auth/sign%2din")]
    [InlineData("/%61uth/sign-in")]
    [InlineData("//auth/sign-in")]
    [InlineData("/auth//sign-in")]
    [InlineData("/auth/sign-in//")]
    public async Task SignInForm_AnySpellingOfThePath_ThrottledAfterTheLimit(string path)
    {
        await using var server = await TestAppServer.StartAsync();
        var mirror = server.Server.MirrorEndpoint;
        var checkedAttempts = 0;
        for (var i = 0; i < Limit; i++)
        {
            var failure = await RawHttp.SignInAsync(mirror, path, server.Credentials.Username, "guess");
            if (failure.Status == 302 && failure.Header("Location")!.StartsWith("/signin?error=invalid", StringComparison.Ordinal))
            {
                checkedAttempts++;
            }
            else
            {
                // A spelling that does not reach the sign-in form checks nothing.
                Assert.False(failure.SetsCookie(AuthSchemes.MirrorCookieName), $"{path}: a wrong password signed in");
                Assert.InRange(failure.Status, 400, 499);
            }
        }

        var right = await RawHttp.SignInAsync(mirror, path, server.Credentials.Username, server.Credentials.Password);

        Assert.False(right.SetsCookie(AuthSchemes.MirrorCookieName) && checkedAttempts > 0, $"{path}: signed in after {checkedAttempts} counted failures");
        if (checkedAttempts > 0)
        {
            Assert.Equal(429, right.Status);
            Assert.NotNull(right.Header("Retry-After"));
        }
    }

    [Theory]
    [InlineData("/auth/pair")]
    [InlineData("/auth/pair/")]
    [InlineData("/AUTH/PAIR")]
    [InlineData("/auth/p%61ir")]
    public async Task PairingLink_AnySpellingOfThePath_ThrottledAfterTheLimit(string path)
    {
        await using var server = await TestAppServer.StartAsync();
        var mirror = server.Server.MirrorEndpoint;
        for (var i = 0; i < Limit; i++)
        {
            var failure = await RawHttp.SendAsync(mirror, "GET", $"{path}?token=not-a-token-{i}");
            Assert.Equal(302, failure.Status);
            Assert.StartsWith("/signin?error=link", failure.Header("Location"), StringComparison.Ordinal);
        }

        var valid = server.Server.CreatePairingPath();
        var token = valid[(valid.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var blocked = await RawHttp.SendAsync(mirror, "GET", $"{path}?token={token}");

        Assert.Equal(429, blocked.Status);
        Assert.False(blocked.SetsCookie(AuthSchemes.MirrorCookieName));
    }

    [Fact]
    public async Task LaunchLink_WrongTokens_ThenValidOne429()
    {
        await using var server = await TestAppServer.StartAsync();
        var desktop = server.Server.DesktopEndpoint;
        for (var i = 0; i < Limit; i++)
        {
            var failure = await RawHttp.SendAsync(desktop, "GET", $"/?token=not-a-token-{i}");
            Assert.Equal(302, failure.Status);
        }

        var blocked = await RawHttp.SendAsync(desktop, "GET", server.Server.CreateLaunchPath());

        Assert.Equal(429, blocked.Status);
        Assert.False(blocked.SetsCookie(AuthSchemes.DesktopCookieName));
    }

    [Theory]
    [InlineData("/project")]
    [InlineData("/PROJECT/")]
    [InlineData("/no/such/route")]
    [InlineData("/health")]
    public async Task BasicAuth_FailuresOnAnyRoute_ThrottleBasicEverywhere(string path)
    {
        await using var server = await TestAppServer.StartAsync();
        var wrong = server.CreateClient(RequestMode.Mirror, credentials: new ServerCredentials(server.Credentials.Username, "guess"));
        for (var i = 0; i < Limit; i++)
        {
            using var failure = await wrong.GetAsync(path).DefaultTimeout($"failure {i} on {path}");
        }

        using var blocked = await server.Mirror.GetAsync("/project").DefaultTimeout("right password");

        await ProblemAssert.IsProblemAsync(blocked, (HttpStatusCode)429);
        Assert.True(blocked.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task MirrorFailures_NeverThrottleTheDesktopListener()
    {
        await using var server = await TestAppServer.StartAsync();
        var wrong = server.CreateClient(RequestMode.Mirror, credentials: new ServerCredentials(server.Credentials.Username, "guess"));
        for (var i = 0; i <= Limit; i++)
        {
            using var failure = await wrong.GetAsync("/project").DefaultTimeout($"mirror failure {i}");
        }

        using (var mirrorBlocked = await server.Mirror.GetAsync("/project").DefaultTimeout("mirror, right password"))
        {
            Assert.Equal((HttpStatusCode)429, mirrorBlocked.StatusCode);
        }

        // The same loopback address, the other listener: Basic, the sign-in form and a launch link all work.
        using (var basic = await server.Desktop.GetAsync("/project").DefaultTimeout("desktop Basic"))
        {
            Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        }

        var form = await RawHttp.SignInAsync(server.Server.DesktopEndpoint, "/auth/sign-in", server.Credentials.Username, server.Credentials.Password);
        Assert.True(form.SetsCookie(AuthSchemes.DesktopCookieName), $"desktop sign-in form answered {form.Status}");
        var launch = await RawHttp.SendAsync(server.Server.DesktopEndpoint, "GET", server.Server.CreateLaunchPath());
        Assert.True(launch.SetsCookie(AuthSchemes.DesktopCookieName), $"launch link answered {launch.Status}");
    }

    [Fact]
    public async Task Throttled_KeepsGuessing_OneLogLinePerWindow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            Time = time,
            ConfigureBuilder = builder => builder.Logging.AddProvider(logs),
        });
        var mirror = server.Server.MirrorEndpoint;
        var refused = 0;

        // Three windows of one guess per second, through a spelling that once skipped the throttle.
        for (var second = 0; second < 180; second++)
        {
            var attempt = await RawHttp.SignInAsync(mirror, "/auth/sign-in/", server.Credentials.Username, $"guess-{second}");
            if (attempt.Status == 429)
            {
                refused++;
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        var throttledLines = logs.Lines.Count(line => line.Contains("Throttling", StringComparison.Ordinal));
        Assert.InRange(refused, 150, 170);
        Assert.Equal(3, throttledLines);
    }
}
