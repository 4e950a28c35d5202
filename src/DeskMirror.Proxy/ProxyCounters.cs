namespace DeskMirror.Proxy;

/// <summary>A snapshot of a proxy's live counters.</summary>
public sealed record ProxyCounters(
    long ActiveConnections,
    long Accepted,
    long RefusedByLimit,
    long UpstreamFailures,
    long BytesToUpstream,
    long BytesToClient);
