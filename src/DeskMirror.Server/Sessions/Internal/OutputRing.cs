namespace DeskMirror.Server.Sessions.Internal;

/// <summary>The last <see cref="Capacity"/> bytes of a stream, addressed by absolute stream offset. Not thread-safe.</summary>
internal sealed class OutputRing(int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];

    public int Capacity => _buffer.Length;

    /// <summary>Absolute offset of the oldest byte held.</summary>
    public long Start { get; private set; }

    /// <summary>Absolute offset just past the newest byte.</summary>
    public long End { get; private set; }

    /// <summary>Starts empty at <paramref name="offset"/> (a restored session's ring starts at its log's end).</summary>
    public void Reset(long offset)
    {
        Start = offset;
        End = offset;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length >= _buffer.Length)
        {
            // Only the tail fits; the bytes before it are already out of the window.
            End += data.Length - _buffer.Length;
            data = data[^_buffer.Length..];
        }

        var index = (int)(End % _buffer.Length);
        var first = Math.Min(data.Length, _buffer.Length - index);
        data[..first].CopyTo(_buffer.AsSpan(index));
        data[first..].CopyTo(_buffer);
        End += data.Length;
        Start = Math.Max(Start, End - _buffer.Length);
    }

    /// <summary>Copies from <paramref name="offset"/> (which must be within [Start, End]); returns the count.</summary>
    public int CopyTo(long offset, Span<byte> destination)
    {
        var count = (int)Math.Min(destination.Length, End - offset);
        var index = (int)(offset % _buffer.Length);
        var first = Math.Min(count, _buffer.Length - index);
        _buffer.AsSpan(index, first).CopyTo(destination);
        _buffer.AsSpan(0, count - first).CopyTo(destination[first..]);
        return count;
    }
}
