namespace DeskMirror.Discovery.Internal;

/// <summary>The DNS record types and class values mDNS/DNS-SD uses (RFC 1035, 2782, 3596, 6762).</summary>
internal static class DnsTypes
{
    public const ushort A = 1;
    public const ushort Ptr = 12;
    public const ushort Txt = 16;
    public const ushort Aaaa = 28;
    public const ushort Srv = 33;
    public const ushort Any = 255;

    public const ushort ClassIn = 1;

    /// <summary>In a question: the asker wants a unicast answer (QU). In a record: cache-flush, the record set is unique.</summary>
    public const ushort TopBit = 0x8000;
}
