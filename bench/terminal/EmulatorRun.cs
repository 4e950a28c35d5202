using System.Diagnostics;
using DeskMirror.Terminal;

namespace DeskMirror.Bench.Terminal;

/// <summary>Feeds a workload to the emulator in read-sized chunks on this thread; rate and allocations.</summary>
internal static class EmulatorRun
{
    /// <summary>Rate by wall time, rate per second of CPU time (steadier on a shared machine), bytes allocated per MiB fed.</summary>
    public static (double MiBPerSecond, double MiBPerCpuSecond, double AllocatedBytesPerMiB) Measure(byte[] data, int columns, int rows, int passes, int chunk)
    {
        var emulator = new TerminalEmulator(new TerminalOptions { Cols = columns, Rows = rows });

        // Warm-up: JIT and the scrollback ring filled, so the timed passes see the steady state.
        Feed(emulator, data, chunk);

        // The allocation counter is read innermost, so the Process objects below are not counted.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var pass = 0; pass < passes; pass++)
        {
            Feed(emulator, data, chunk);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var mebibytes = (double)data.Length * passes / (1024 * 1024);
        return (mebibytes / watch.Elapsed.TotalSeconds, mebibytes / cpu.TotalSeconds, allocated / mebibytes);
    }

    private static void Feed(TerminalEmulator emulator, byte[] data, int chunk)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            emulator.Feed(data.AsSpan(offset, Math.Min(chunk, data.Length - offset)));
        }
    }
}
