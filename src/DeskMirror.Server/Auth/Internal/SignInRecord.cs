using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// One browser sign-in as the server keeps it. <see cref="Id"/> is carried (protected) in the cookie and never
/// shown; <see cref="DeviceId"/> is the public name of the sign-in (<c>GET /device</c>). Where and when the
/// browser was last seen changes under concurrent requests: <see cref="TryTouch"/> lets one of them move it on,
/// at most once per interval.
/// </summary>
internal sealed class SignInRecord(
    string id, string deviceId, RequestMode mode, SignInVia? via, DateTimeOffset signedInAt, DateTimeOffset expiresAt, string? address, string? userAgent, DateTimeOffset lastSeenAt)
{
    /// <summary>Longest User-Agent kept; real ones are under 300 characters.</summary>
    public const int MaxUserAgentLength = 512;

    private string? _address = address;
    private string? _userAgent = Clip(userAgent);
    private long _lastSeenTicks = lastSeenAt.UtcTicks;
    private int _persistPending;

    public string Id { get; } = id;

    public string DeviceId { get; } = deviceId;

    public RequestMode Mode { get; } = mode;

    /// <summary>Null for a sign-in made before the server recorded it.</summary>
    public SignInVia? Via { get; } = via;

    public DateTimeOffset SignedInAt { get; } = signedInAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public string? Address => Volatile.Read(ref _address);

    public string? UserAgent => Volatile.Read(ref _userAgent);

    public DateTimeOffset LastSeenAt => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>
    /// Records a request at <paramref name="now"/> when the last one recorded is at least <paramref name="interval"/>
    /// old; true for the one caller that moved it (which then persists it), false for everyone else.
    /// </summary>
    public bool TryTouch(DateTimeOffset now, TimeSpan interval, string? address, string? userAgent)
    {
        var seen = Interlocked.Read(ref _lastSeenTicks);
        if (now.UtcTicks - seen < interval.Ticks
            || Interlocked.CompareExchange(ref _lastSeenTicks, now.UtcTicks, seen) != seen)
        {
            return false;
        }

        Volatile.Write(ref _address, address);
        Volatile.Write(ref _userAgent, Clip(userAgent));
        return true;
    }

    /// <summary>Marks the record as waiting to be written; false when it already was (one queued write covers both).</summary>
    public bool MarkPersistPending() => Interlocked.Exchange(ref _persistPending, 1) == 0;

    /// <summary>Called by the writer just before it reads the values it writes.</summary>
    public void ClearPersistPending() => Volatile.Write(ref _persistPending, 0);

    private static string? Clip(string? value)
        => value is { Length: > MaxUserAgentLength } ? value[..MaxUserAgentLength] : value;
}
