namespace DeskMirror.Bench.Sessions;

/// <summary>What one benchmarked session did.</summary>
internal sealed record SessionRun(
    TimeSpan Elapsed,
    long OutputBytes,
    long ViewerBytes,
    bool AllViewersComplete,
    long Dropped,
    long RssBefore,
    long HeapBefore,
    long PeakRss,
    long PeakHeap);
