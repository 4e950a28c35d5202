namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Whether long transfers go through splice(2), and how many pipes one proxy may hold at once: each costs two
/// descriptors, taken from the descriptor reserve, so at most an eighth of the reserve goes to pipes (128 pipes with
/// the default reserve of 1024). Measured on 2 cores in one run: bulk 0.89 vs 0.84 of direct with one stream and
/// 1.09 vs 0.86 with four, at 12–15 % of a core against 19–21 % without (bench/RESULTS.md).
/// </summary>
internal sealed class Splicing(int maxPipes)
{
    private int _pipes;

    /// <summary>On Linux unless the environment sets DESKMIRROR_PROXY_SPLICE=0 (to compare, or to rule it out).</summary>
    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DESKMIRROR_PROXY_SPLICE") != "0";

    public static Splicing For(TcpMirrorProxyOptions options) => new(Math.Min(128, options.DescriptorReserve / 8));

    /// <summary>A pipe, or null when the proxy holds its share already or none can be made.</summary>
    public SplicePipe? TryAcquire()
    {
        if (Interlocked.Increment(ref _pipes) > maxPipes)
        {
            Interlocked.Decrement(ref _pipes);
            return null;
        }

        var pipe = SplicePipe.TryCreate();
        if (pipe is null)
        {
            Interlocked.Decrement(ref _pipes);
        }

        return pipe;
    }

    public void Release() => Interlocked.Decrement(ref _pipes);
}
