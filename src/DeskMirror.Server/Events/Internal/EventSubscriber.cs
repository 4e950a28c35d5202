using System.Threading.Channels;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// One <c>GET /event</c> connection's queue. Publishers only ever <c>TryWrite</c>: a full queue means the
/// client stopped reading, so it is cut off (<see cref="Overflowed"/>) instead of slowing anyone else.
/// </summary>
internal sealed class EventSubscriber
{
    private readonly Channel<EncodedEvent> _queue;
    private readonly Action _onOverflow;
    private int _overflowed;

    public EventSubscriber(long id, int capacity, Action onOverflow)
    {
        Id = id;
        Capacity = capacity;
        _onOverflow = onOverflow;
        _queue = Channel.CreateBounded<EncodedEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Id { get; }

    public int Capacity { get; }

    public bool Overflowed => Volatile.Read(ref _overflowed) != 0;

    public ChannelReader<EncodedEvent> Reader => _queue.Reader;

    /// <summary>Called under the bus lock, so events enter every queue in id order.</summary>
    public bool Offer(EncodedEvent serverEvent)
    {
        if (_queue.Writer.TryWrite(serverEvent))
        {
            return true;
        }

        if (Interlocked.Exchange(ref _overflowed, 1) == 0)
        {
            _queue.Writer.TryComplete();
            // Aborting the connection unblocks a writer stuck on a stalled socket; never do it on the publisher's thread.
            ThreadPool.UnsafeQueueUserWorkItem(static abort => abort(), _onOverflow, preferLocal: false);
        }

        return false;
    }

    public void Complete() => _queue.Writer.TryComplete();
}
