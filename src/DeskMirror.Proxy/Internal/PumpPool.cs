namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Pumps of ended connections, kept for new ones: a new connection then allocates no event args. Bounded by
/// <see cref="Capacity"/>; beyond it ended pumps are left to the GC.
/// </summary>
internal sealed class PumpPool
{
    /// <summary>Pumps kept at most: enough for a burst of short connections, small beside the connection limit.</summary>
    public const int Capacity = 512;

    private readonly Lock _gate = new();
    private readonly DirectionPump[] _items = new DirectionPump[Capacity];
    private int _count;

    public DirectionPump Rent()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                var pump = _items[--_count];
                _items[_count] = null!;
                return pump;
            }
        }

        return new DirectionPump();
    }

    public void Return(DirectionPump pump)
    {
        pump.Reset();
        lock (_gate)
        {
            if (_count < Capacity)
            {
                _items[_count++] = pump;
                return;
            }
        }

        pump.Dispose();
    }
}
