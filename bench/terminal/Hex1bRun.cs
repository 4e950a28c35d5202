using System.Diagnostics;
using Hex1b;

namespace DeskMirror.Bench.Terminal;

/// <summary>
/// The same workload through Hex1b's terminal (headless, scrollback 5,000): its pump reads chunks from a workload
/// adapter, tokenizes and applies them. Timed from the first chunk to the snapshot taken after the last.
/// </summary>
internal static class Hex1bRun
{
    public static async Task<double> MeasureAsync(byte[] data, int columns, int rows, int chunk)
    {
        var chunks = new Queue<ReadOnlyMemory<byte>>();
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            chunks.Enqueue(data.AsMemory(offset, Math.Min(chunk, data.Length - offset)));
        }

        var workload = new QueueWorkload(chunks);
        await using var terminal = Hex1bTerminal.CreateBuilder()
            .WithHeadless().WithDimensions(columns, rows).WithScrollback(5000).WithWorkload(workload).Build();
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var run = terminal.RunAsync(stop.Token);
        await workload.Drained.WaitAsync(TimeSpan.FromMinutes(5));
        using (terminal.CreateSnapshot())
        {
        }

        watch.Stop();
        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }

        return data.Length / (1024.0 * 1024) / watch.Elapsed.TotalSeconds;
    }

    private sealed class QueueWorkload(Queue<ReadOnlyMemory<byte>> chunks) : IHex1bTerminalWorkloadAdapter
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public event Action? Disconnected;

        public Task Drained => _drained.Task;

        public async ValueTask<ReadOnlyMemory<byte>> ReadOutputAsync(CancellationToken ct)
        {
            if (chunks.TryDequeue(out var next))
            {
                return next;
            }

            // Everything was handed over; the terminal asks again only once it has applied the last chunk.
            _drained.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ReadOnlyMemory<byte>.Empty;
        }

        public ValueTask WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask ResizeAsync(int width, int height, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Disconnected?.Invoke();
            return ValueTask.CompletedTask;
        }
    }
}
