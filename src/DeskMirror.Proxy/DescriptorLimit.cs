using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE), which bounds how many connections the process can hold.
/// Call <see cref="RaiseSoftLimitToHardLimit"/> once at process start, before sockets are opened.
/// </summary>
public static class DescriptorLimit
{
    /// <summary>
    /// Raises the soft limit to the hard limit, which an unprivileged process may always do, and returns the
    /// soft limit now in force (null where there is no such limit: Windows). The .NET runtime already does this
    /// on Linux at start-up; calling it again is harmless and makes the limit explicit on every platform and host.
    /// On macOS a hard limit of "unlimited" is refused by the kernel; the soft limit then stays where it was.
    /// </summary>
    public static long? RaiseSoftLimitToHardLimit()
    {
        if (OperatingSystem.IsWindows() || LibC.GetRLimit(LibC.RlimitNoFile, out var limit) != 0)
        {
            return null;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (LibC.SetRLimit(LibC.RlimitNoFile, raised) == 0)
            {
                return Clamp(limit.Maximum);
            }
        }

        return Clamp(limit.Current);
    }

    /// <summary>The soft limit in force: how many descriptors this process may hold at once (null on Windows).</summary>
    public static long? Current =>
        !OperatingSystem.IsWindows() && LibC.GetRLimit(LibC.RlimitNoFile, out var limit) == 0 ? Clamp(limit.Current) : null;

    /// <summary>
    /// How many connections a proxy in this process may hold within <paramref name="descriptorLimit"/>:
    /// <c>(limit − min(reserve, limit / 2)) / 3</c>, at least 1. See <see cref="TcpMirrorProxyOptions.MaxConnections"/>.
    /// </summary>
    public static int ConnectionBudget(long descriptorLimit, int reserve)
    {
        var reserved = Math.Min(reserve, descriptorLimit / 2);
        var budget = (descriptorLimit - reserved) / TcpMirrorProxyOptions.DescriptorsPerConnection;
        return (int)Math.Clamp(budget, 1, int.MaxValue);
    }

    // RLIM_INFINITY is all ones.
    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
