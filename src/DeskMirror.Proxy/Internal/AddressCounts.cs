using System.Buffers.Binary;
using System.Net;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Open connections per client address, for <see cref="TcpMirrorProxyOptions.MaxConnectionsPerAddress"/>. Addresses are
/// keyed as 128-bit numbers with IPv4 in its IPv4-mapped IPv6 form, so a dual-mode listener counts an IPv4 client
/// once whichever way it arrives, and a lookup allocates nothing.
/// </summary>
internal sealed class AddressCounts
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UInt128, int> _counts = [];

    /// <summary>The key of <paramref name="address"/>.</summary>
    public static UInt128 KeyOf(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return 0;
        }

        return written == 4
            ? (UInt128)0xFFFF_0000_0000 | BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>Counts one more connection for <paramref name="key"/>; false (nothing counted) when it holds <paramref name="max"/> already.</summary>
    public bool TryAdd(UInt128 key, int max)
    {
        lock (_gate)
        {
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, key, out _);
            if (count >= max)
            {
                if (count == 0)
                {
                    _counts.Remove(key);
                }

                return false;
            }

            count++;
            return true;
        }
    }

    public void Remove(UInt128 key)
    {
        lock (_gate)
        {
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(_counts, key);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
            {
                return;
            }

            if (--count == 0)
            {
                _counts.Remove(key);
            }
        }
    }

    /// <summary>Open connections of <paramref name="address"/> now.</summary>
    public int CountOf(IPAddress address)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(KeyOf(address));
        }
    }
}
