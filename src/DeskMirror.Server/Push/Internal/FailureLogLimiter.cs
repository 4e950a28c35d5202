namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// At most one failure line per push service origin per interval; the failures in between are counted and
/// reported with the next line. Bounded: it remembers at most <see cref="MaxOrigins"/> origins.
/// </summary>
internal sealed class FailureLogLimiter(TimeProvider time, TimeSpan interval)
{
    /// <summary>Origins remembered; more are forgotten wholesale (at worst one extra line each).</summary>
    public const int MaxOrigins = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset LoggedAt, int Suppressed)> _origins = new(StringComparer.Ordinal);

    /// <summary>True when this failure should be logged; <paramref name="suppressed"/> is how many were not since the last line.</summary>
    public bool ShouldLog(string origin, out int suppressed)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_origins.TryGetValue(origin, out var entry) && now - entry.LoggedAt < interval)
            {
                _origins[origin] = (entry.LoggedAt, entry.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            if (_origins.Count >= MaxOrigins)
            {
                _origins.Clear();
            }

            suppressed = entry.Suppressed;
            _origins[origin] = (now, 0);
            return true;
        }
    }
}
