using System.Net.WebSockets;
using System.Text;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionStreamTests
{
    [Fact]
    public async Task Stream_LateViewerFromZero_GetsExactlyTheEarlyViewersBytes()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("read go; seq 1 150000; printf 'done\\n'"))["id"]!.GetValue<string>();
        using var early = await harness.ConnectAsync(id, RequestMode.Desktop, from: 0);
        var earlyBytes = WebSocketReader.ReadToCloseAsync(early);

        (await harness.InputAsync(id, "go\r")).Dispose();
        await harness.WaitForOutputAsync(id, "\r\n50000\r\n");
        using var late = await harness.ConnectAsync(id, RequestMode.Mirror, from: 0);
        var lateBytes = await WebSocketReader.ReadToCloseAsync(late);

        var earlyAll = await earlyBytes;
        Assert.Equal(WebSocketCloseStatus.NormalClosure, early.CloseStatus);
        Assert.EndsWith("150000\r\ndone\r\n", Encoding.ASCII.GetString(earlyAll), StringComparison.Ordinal);
        Assert.Equal(earlyAll.Length, lateBytes.Length);
        Assert.Equal(earlyAll, lateBytes);
        Assert.Equal(Encoding.UTF8.GetBytes(await harness.OutputAsync(id)), earlyAll);
    }

    [Fact]
    public async Task Stream_FromOffset_ReplaysFromThereThenLive()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("printf 'abcdef'; read x; printf 'ghi'"))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "abcdef");
        using var viewer = await harness.ConnectAsync(id, RequestMode.Desktop, from: 3);
        var bytes = WebSocketReader.ReadToCloseAsync(viewer);
        await viewer.SendAsync("\r"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout("send input frame");
        Assert.Equal("def\r\nghi", Encoding.ASCII.GetString(await bytes));
    }

    [Fact]
    public async Task Stream_FromBeyondEnd_IsBadRequest()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("printf 'abc'"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        var error = await Assert.ThrowsAsync<WebSocketException>(() => harness.ConnectAsync(id, RequestMode.Desktop, from: 4));
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
        using var response = await harness.Server.Desktop.GetAsync($"/session/{id}/output?from=x").DefaultTimeout("GET output?from=x");
        await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Stream_200MiBWithOneStalledViewer_MemoryBoundedAndReaderGetsEveryByteInOrder()
    {
        const int Lines = 23_000_000; // about 208 MiB with the terminal's \r\n
        await using var harness = await SessionHarness.StartAsync(o => o.ViewerMaxLagBytes = 16 * 1024 * 1024);
        var id = (await harness.CreateAsync($"read go; seq 1 {Lines}"))["id"]!.GetValue<string>();
        var session = harness.Manager.FindSession(id)!;

        // Connected, then never read: its socket buffers fill and its sends stop completing.
        using var stalled = await harness.ConnectAsync(id, RequestMode.Mirror, from: 0);

        var baseline = LiveHeap();
        var checker = new SequenceChecker();
        long received = 0;
        long peakHeapGrowth = 0;
        long nextSample = 0;
        var reconnects = 0;
        var firstConnection = true;
        while (true)
        {
            using var reader = await harness.ConnectAsync(id, RequestMode.Desktop, from: received);
            if (firstConnection)
            {
                (await harness.InputAsync(id, "go\r")).Dispose();
                firstConnection = false;
            }

            try
            {
                await WebSocketReader.ReadToCloseAsync(
                    reader,
                    chunk =>
                    {
                        checker.Feed(chunk.Span);
                        received += chunk.Length;
                        if (received >= nextSample)
                        {
                            peakHeapGrowth = Math.Max(peakHeapGrowth, LiveHeap() - baseline);
                            nextSample += 32L * 1024 * 1024;
                        }
                    },
                    TimeSpan.FromSeconds(150));
                break;
            }
            catch (WebSocketException)
            {
                // Dropped for lagging on a busy machine: a client resumes where it stopped, as documented.
                reconnects++;
                Assert.True(reconnects < 20, "the reading viewer kept being dropped");
            }
        }

        await session.Ended.Task.DefaultTimeout("the 200 MiB session to end");
        Assert.Equal(session.Output.Length, received);
        Assert.True(received > 200L * 1024 * 1024, $"only {received} bytes");
        Assert.Equal(Lines, checker.Last);
        Assert.True(session.Output.DroppedViewers >= 1, "the stalled viewer was never dropped");
        Assert.Equal(1024 * 1024, session.Output.RingCapacity);
        Assert.True(peakHeapGrowth < 48L * 1024 * 1024, $"live heap grew by {peakHeapGrowth} bytes while 200 MiB went through");
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Checks "1\r\n2\r\n3\r\n…" as it streams by, keeping nothing but the current number.</summary>
    private sealed class SequenceChecker
    {
        private long _current;
        private bool _sawCarriageReturn;

        public long Last { get; private set; }

        public void Feed(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    Assert.False(_sawCarriageReturn, "digit after \\r");
                    _current = (_current * 10) + (b - '0');
                }
                else if (b == '\r')
                {
                    _sawCarriageReturn = true;
                }
                else if (b == '\n')
                {
                    if (_sawCarriageReturn && _current != 0)
                    {
                        // The echoed "go" line comes first; every line after it must be the next number.
                        if (Last != 0 || _current == 1)
                        {
                            Assert.Equal(Last + 1, _current);
                            Last = _current;
                        }
                    }

                    _current = 0;
                    _sawCarriageReturn = false;
                }
                else
                {
                    _current = 0;
                }
            }
        }
    }
}
