namespace DeskMirror.Bench.SseFanout;

/// <summary>A server under test: where clients connect and how a burst is published.</summary>
internal interface ISseTarget : IAsyncDisposable
{
    string Name { get; }

    int Port { get; }

    /// <summary>Value of the Authorization header, or null.</summary>
    string? Authorization { get; }

    /// <summary>Publishes one event carrying <paramref name="seq"/> and the publish timestamp.</summary>
    ValueTask PublishAsync(int seq);
}
