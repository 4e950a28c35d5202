using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeskMirror.Bench.SseFanout;

/// <summary>
/// One subscriber on a raw socket: sends the GET, decodes chunked transfer encoding, and for each <c>data:</c>
/// line whose <c>"id"</c> is a stamp <c>"&lt;seq&gt;-&lt;timestamp&gt;"</c> records the delivery latency from the publish timestamp.
/// </summary>
internal sealed class SseClient : IDisposable
{
    /// <summary>Read buffer per client.</summary>
    public const int BufferSize = 16 * 1024;

    private static readonly byte[] IdKey = "\"id\":\""u8.ToArray();

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<byte> _line = new(256);
    private long[] _latencies = [];
    private int _expected;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public Task Done => _done.Task;

    public int Received { get; private set; }

    public ReadOnlySpan<long> Latencies => _latencies.AsSpan(0, Received);

    /// <summary>Prepares for a burst of <paramref name="count"/> events with sequence numbers 0..count-1.</summary>
    public void Expect(int count)
    {
        _latencies = new long[count];
        _expected = count;
        Received = 0;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task RunAsync(int port, string? authorization, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        var request = $"GET /event HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
            + (authorization is null ? string.Empty : $"Authorization: {authorization}\r\n") + "\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        var buffer = new byte[BufferSize];
        var decoder = new ChunkDecoder();
        var headersDone = false;
        var headerTail = 0;
        while (true)
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                _done.TrySetException(new IOException("stream ended"));
                _ready.TrySetException(new IOException("stream ended"));
                return;
            }

            var span = buffer.AsSpan(0, read);
            if (!headersDone)
            {
                // Find the blank line ending the response headers (assumes "200" and chunked, checked loosely).
                var end = IndexOfHeaderEnd(span, ref headerTail);
                if (end < 0)
                {
                    continue;
                }

                headersDone = true;
                span = span[end..];
            }

            decoder.Feed(span, OnBody);
        }
    }

    public void Dispose() => _socket.Dispose();

    private static int IndexOfHeaderEnd(ReadOnlySpan<byte> span, ref int state)
    {
        // state counts matched bytes of "\r\n\r\n" across reads.
        ReadOnlySpan<byte> pattern = "\r\n\r\n"u8;
        for (var i = 0; i < span.Length; i++)
        {
            state = span[i] == pattern[state] ? state + 1 : (span[i] == pattern[0] ? 1 : 0);
            if (state == 4)
            {
                return i + 1;
            }
        }

        return -1;
    }

    private void OnBody(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b != (byte)'\n')
            {
                _line.Add(b);
                continue;
            }

            OnLine(CollectionsMarshalAsSpan(_line));
            _line.Clear();
        }
    }

    private static ReadOnlySpan<byte> CollectionsMarshalAsSpan(List<byte> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (!TryReadStamp(line, out var seq, out var ts))
        {
            _ready.TrySetResult();
            return;
        }

        if (seq < _latencies.Length && Received < _expected)
        {
            _latencies[Received++] = now - ts;
            if (Received == _expected)
            {
                _done.TrySetResult();
            }
        }
    }

    private static bool TryReadStamp(ReadOnlySpan<byte> line, out long seq, out long ts)
    {
        seq = 0;
        ts = 0;
        var at = line.IndexOf(IdKey);
        if (at < 0)
        {
            return false;
        }

        var stamp = line[(at + IdKey.Length)..];
        return Utf8Parser.TryParse(stamp, out seq, out var used)
            && used < stamp.Length && stamp[used] == (byte)'-'
            && Utf8Parser.TryParse(stamp[(used + 1)..], out ts, out _);
    }

    /// <summary>Minimal HTTP/1.1 chunked decoder.</summary>
    private sealed class ChunkDecoder
    {
        private long _remaining;
        private int _state; // 0 size line, 1 data, 2 CRLF after data
        private long _size;

        public delegate void BodyHandler(ReadOnlySpan<byte> body);

        public void Feed(ReadOnlySpan<byte> input, BodyHandler onBody)
        {
            var i = 0;
            while (i < input.Length)
            {
                switch (_state)
                {
                    case 0:
                        var b = input[i++];
                        if (b == (byte)'\n')
                        {
                            _remaining = _size;
                            _size = 0;
                            _state = _remaining == 0 ? 2 : 1;
                        }
                        else if (HexValue(b) is var h and >= 0 && _size >= 0)
                        {
                            _size = (_size * 16) + h;
                        }

                        break;
                    case 1:
                        var take = (int)Math.Min(_remaining, input.Length - i);
                        onBody(input.Slice(i, take));
                        i += take;
                        _remaining -= take;
                        if (_remaining == 0)
                        {
                            _state = 2;
                        }

                        break;
                    default:
                        if (input[i++] == (byte)'\n')
                        {
                            _state = 0;
                        }

                        break;
                }
            }
        }

        private static int HexValue(byte b) => b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
    }
}
