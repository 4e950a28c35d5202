using DeskMirror.Proxy.Internal;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests.Internal;

public sealed class LogThrottleTests
{
    [Fact]
    public void TryAcquire_BurstWithinOneInterval_LetsOneThroughAndCountsTheRest()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, TimeSpan.FromSeconds(10));

        Assert.True(throttle.TryAcquire(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 99; i++)
        {
            Assert.False(throttle.TryAcquire(out _));
        }

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(throttle.TryAcquire(out _));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.TryAcquire(out var suppressed));
        Assert.Equal(100, suppressed);
    }
}
