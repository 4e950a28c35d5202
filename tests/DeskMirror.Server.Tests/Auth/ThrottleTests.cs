using System.Net;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Server.Tests.Auth;

public sealed class ThrottleTests
{
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task TenFailures_ThenEvenRightPassword429_OtherAddressUnaffected_RecoversAfterWindow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { Time = time });
        var wrong = server.CreateClient(RequestMode.Mirror, credentials: new ServerCredentials(server.Credentials.Username, "guess"));

        for (var i = 0; i < 10; i++)
        {
            using var failure = await wrong.GetAsync("/project").DefaultTimeout($"failure {i}");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        using var blocked = await server.Mirror.GetAsync("/project").DefaultTimeout("right password while blocked");
        await ProblemAssert.IsProblemAsync(blocked, (HttpStatusCode)429);
        var retryAfter = int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        using var otherAddress = await server.CreateClientFrom(Other, RequestMode.Mirror).GetAsync("/project").DefaultTimeout("other address");
        Assert.Equal(HttpStatusCode.OK, otherAddress.StatusCode);

        using var health = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync("/health").DefaultTimeout("health while blocked");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        time.Advance(TimeSpan.FromSeconds(retryAfter));
        using var recovered = await server.Mirror.GetAsync("/project").DefaultTimeout("after the window");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task NineFailures_NotThrottled()
    {
        await using var server = await TestAppServer.StartAsync();
        var wrong = server.CreateClient(RequestMode.Desktop, credentials: new ServerCredentials("x", "y"));
        for (var i = 0; i < 9; i++)
        {
            using var failure = await wrong.GetAsync("/project").DefaultTimeout($"failure {i}");
        }

        using var right = await server.Desktop.GetAsync("/project").DefaultTimeout("right password");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task SignInFormFailures_CountToo()
    {
        await using var server = await TestAppServer.StartAsync();
        var browser = server.CreateBrowserClient(RequestMode.Mirror);
        var origin = server.BaseAddress(RequestMode.Mirror);
        for (var i = 0; i < 10; i++)
        {
            using var failure = await browser.SendAsync(BrowserRequests.SignIn(origin, "tester", "guess")).DefaultTimeout($"failure {i}");
            Assert.Equal(HttpStatusCode.Redirect, failure.StatusCode);
        }

        using var blocked = await browser.SendAsync(BrowserRequests.SignIn(origin, server.Credentials.Username, server.Credentials.Password)).DefaultTimeout("right password");

        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.True(blocked.Headers.Contains("Retry-After"));
    }
}
