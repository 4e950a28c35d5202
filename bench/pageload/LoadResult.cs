namespace DeskMirror.Bench.PageLoad;

/// <summary>
/// One page load. Times are milliseconds from the navigation's start (the page's time origin); null when the page
/// never did it (no EventSource, for instance). <see cref="Connections"/> and the HTTP/WebSocket bytes come from the
/// browser (CDP: HTTP responses with their headers, WebSocket payloads decompressed; no TLS records or frame headers); the
/// <c>Tcp*</c> figures from the kernel (the browser's established connections to the port and their payload bytes).
/// </summary>
internal sealed record LoadResult(
    string Variant,
    int Connections,
    int TcpEstablished,
    long TcpBytesDown,
    long TcpBytesUp,
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
