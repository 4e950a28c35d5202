namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Whether long transfers go through splice(2), and how many pipes may exist at once: each costs two descriptors,
/// so at most <see cref="MaxPipes"/> (256 descriptors, within the descriptor reserve).
/// </summary>
internal static class Splicing
{
    public const int MaxPipes = 128;

    private static int _pipes;

    /// <summary>On Linux unless DESKMIRROR_PROXY_SPLICE=0.</summary>
    public static bool Enabled { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DESKMIRROR_PROXY_SPLICE") != "0";

    /// <summary>A pipe, or null when <see cref="MaxPipes"/> are in use or none can be made.</summary>
    public static SplicePipe? TryAcquire()
    {
        if (Interlocked.Increment(ref _pipes) > MaxPipes)
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

    public static void Release() => Interlocked.Decrement(ref _pipes);
}
