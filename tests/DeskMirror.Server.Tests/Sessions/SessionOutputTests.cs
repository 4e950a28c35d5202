using DeskMirror.Server.Sessions.Internal;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deskmirror-output-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Ring_WrapsAround_HoldsOnlyTheNewestBytes()
    {
        var ring = new OutputRing(8);
        ring.Append("abcdef"u8);
        ring.Append("ghij"u8);
        Assert.Equal(2, ring.Start);
        Assert.Equal(10, ring.End);
        var buffer = new byte[8];
        Assert.Equal(8, ring.CopyTo(2, buffer));
        Assert.Equal("cdefghij"u8.ToArray(), buffer);

        ring.Append("0123456789ABC"u8); // longer than the ring
        Assert.Equal(15, ring.Start);
        Assert.Equal(23, ring.End);
        Assert.Equal(3, ring.CopyTo(20, buffer));
        Assert.Equal("ABC"u8.ToArray(), buffer[..3]);
    }

    [Fact]
    public void Read_AcrossLogAndRing_ReturnsEveryByteInOrder()
    {
        var output = SessionOutput.CreateLive(Path.Combine(_directory, "a.log"), ringBytes: 4096, maxViewerLag: 1 << 20);
        var expected = new byte[100_000];
        new Random(42).NextBytes(expected);
        for (var at = 0; at < expected.Length; at += 777)
        {
            output.Append(expected.AsSpan(at, Math.Min(777, expected.Length - at)));
        }

        using var log = output.OpenLogForReading();
        var actual = new byte[expected.Length];
        var position = 0;
        while (position < actual.Length)
        {
            var count = output.Read(log, position, actual.AsSpan(position, Math.Min(1000, actual.Length - position)));
            Assert.True(count > 0);
            position += count;
        }

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Length, output.Length);
        output.Complete();
        Assert.Equal(expected, File.ReadAllBytes(output.LogPath));
    }

    [Fact]
    public async Task WaitForMore_CompletesOnAppendAndOnComplete()
    {
        var output = SessionOutput.CreateLive(Path.Combine(_directory, "b.log"), ringBytes: 4096, maxViewerLag: 1 << 20);
        var waiting = output.WaitForMoreAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        output.Append("x"u8);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        var atEnd = output.WaitForMoreAsync(1, CancellationToken.None);
        Assert.False(atEnd.IsCompleted);
        output.Complete();
        await atEnd.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(output.IsCompleted);
    }

    [Fact]
    public void LagWatch_ViewerStuckInSend_DroppedOnceLagExceedsBound()
    {
        var output = SessionOutput.CreateLive(Path.Combine(_directory, "c.log"), ringBytes: 4096, maxViewerLag: 1000);
        var dropped = 0;
        using var stuck = output.AddViewer(() => dropped++);
        using var idle = output.AddViewer(() => throw new InvalidOperationException("a viewer between sends is never dropped"));
        stuck.BeginSend();
        output.Append(new byte[600]);
        Assert.Equal(0, dropped);
        output.Append(new byte[600]);
        Assert.Equal(1, dropped);
        Assert.Equal(1, output.DroppedViewers);
        Assert.Equal(1, output.ViewerCount);
        output.Complete();
    }
}
