namespace DeskMirror.Bench.PageLoad;

/// <summary>
/// One page load. Times are milliseconds from the navigation's start (the page's time origin); null when the page
/// never did it (no EventSource, for instance). Bytes are what the page received above TCP: HTTP responses with
/// their headers, WebSocket payloads (TLS records and frame headers not counted).
/// </summary>
internal sealed record LoadResult(
    string Variant,
    int Connections,
    int Requests,
    int WebSockets,
    long HttpBytesDown,
    long WebSocketBytesDown,
    long WebSocketBytesUp,
    double? DomContentLoadedMs,
    double? CircuitOpenMs,
    double? SessionStreamOpenMs,
    double? EventSourceOpenMs,
    double? InteractiveMs,
    double? FirstOutputMs);
