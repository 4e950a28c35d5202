namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Lets one log line through per interval and counts the ones it holds back, so a burst of failing
/// connections (upstream down, limit reached) costs one line, not thousands.
/// </summary>
internal sealed class LogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTimestampTicks;
    private long _nextAllowed = long.MinValue;
    private long _suppressed;

    public LogThrottle(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _intervalTimestampTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were held back since the last one.</summary>
    public bool TryAcquire(out long suppressed)
    {
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _nextAllowed);
        if (now < next || Interlocked.CompareExchange(ref _nextAllowed, now + _intervalTimestampTicks, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            suppressed = 0;
            return false;
        }

        suppressed = Interlocked.Exchange(ref _suppressed, 0);
        return true;
    }
}
