using System.Net;

namespace DeskMirror.Proxy;

/// <summary>Settings of one <see cref="TcpMirrorProxy"/>. Validated when the proxy starts.</summary>
public sealed class TcpMirrorProxyOptions
{
    /// <summary>Smallest accepted <see cref="BufferSize"/>: below it the syscall count per byte explodes.</summary>
    public const int MinBufferSize = 1024;

    /// <summary>Largest accepted <see cref="BufferSize"/>: the shared array pool keeps arrays up to this size.</summary>
    public const int MaxBufferSize = 1024 * 1024;

    /// <summary>Address the proxy listens on (IPv4 or IPv6, any address included). Port 0 picks a free port.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Endpoint every accepted connection is forwarded to: an <see cref="IPEndPoint"/> or a <see cref="DnsEndPoint"/>.</summary>
    public required EndPoint Upstream { get; init; }

    /// <summary>How long to wait for the upstream to accept a connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections served at once; more are closed at once and counted. Default 10 000.
    /// Each proxied connection holds two file descriptors, so keep this under half the process's fd limit.
    /// </summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// Bytes per read in each direction, rented from the shared pool only while data flows. Default 64 KiB.
    /// An idle connection holds none whatever the size. Measured against 16 KiB on 2 cores: bulk throughput
    /// 0.75–0.84 vs 0.47–0.61 of direct (fewer syscalls per byte), small requests within noise
    /// (bench/RESULTS.md). Smaller values save memory only while many connections transfer at once.
    /// </summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>How long open connections may finish after a stop before they are aborted. Default 5 s.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most one log line per this interval for each kind of repeated failure (upstream down, limit reached,
    /// accept errors); the lines in between are counted and the count is logged with the next one. Default 10 s.
    /// </summary>
    public TimeSpan FailureLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Listen);
        ArgumentNullException.ThrowIfNull(Upstream);
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "must be positive");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConnections);
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, MinBufferSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BufferSize, MaxBufferSize);
        if (StopGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StopGracePeriod), StopGracePeriod, "must not be negative");
        }

        if (FailureLogInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FailureLogInterval), FailureLogInterval, "must not be negative");
        }
    }
}
