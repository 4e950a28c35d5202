using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Proxy.ProxyProtocol;

/// <summary>
/// Writes PROXY protocol version 2 headers (the binary form of HAProxy's PROXY protocol): the first bytes a proxy
/// sends upstream, naming the real client. Layout: the 12-byte signature, version 2 with command PROXY (0x21),
/// TCP over IPv4 (0x11) or IPv6 (0x21), the big-endian length of what follows, then source address, destination
/// address, source port, destination port, then a list of TLVs (type, 16-bit big-endian length, value).
/// Nothing here allocates: a caller writes TLVs into a span first (<see cref="WriteTlv"/>, <see cref="WriteSslTlv"/>),
/// then the header around them.
/// </summary>
public static class ProxyProtocolV2
{
    /// <summary>Length of the fixed part: signature, version/command, family/protocol, length.</summary>
    public const int FixedLength = 16;

    /// <summary>Length of the address block for TCP over IPv4: two addresses of 4 bytes, two ports.</summary>
    public const int IPv4AddressLength = 12;

    /// <summary>Length of the address block for TCP over IPv6: two addresses of 16 bytes, two ports.</summary>
    public const int IPv6AddressLength = 36;

    /// <summary>Length of a TLV's type and length fields.</summary>
    public const int TlvHeaderLength = 3;

    /// <summary>Version 2 (high nibble) and command PROXY (low nibble).</summary>
    public const byte VersionAndCommandProxy = 0x21;

    /// <summary>Address family INET (high nibble) and transport STREAM (low nibble).</summary>
    public const byte TcpOverIPv4 = 0x11;

    /// <summary>Address family INET6 (high nibble) and transport STREAM (low nibble).</summary>
    public const byte TcpOverIPv6 = 0x21;

    /// <summary>Bytes of an SSL TLV's value before its sub-TLVs: the client flags (1) and the verify result (4).</summary>
    public const int SslTlvFixedLength = 5;

    /// <summary>The 12 bytes every version 2 header starts with: \r\n\r\n\0\r\nQUIT\n.</summary>
    public static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// The header's total length for these endpoints and <paramref name="tlvLength"/> bytes of TLVs. Both endpoints
    /// go as IPv4 when both are IPv4 (IPv4-mapped IPv6 addresses count as IPv4), otherwise both as IPv6.
    /// </summary>
    public static int GetHeaderLength(IPEndPoint source, IPEndPoint destination, int tlvLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(tlvLength);
        var addressLength = BothIPv4(source, destination) ? IPv4AddressLength : IPv6AddressLength;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tlvLength, ushort.MaxValue - addressLength);
        return FixedLength + addressLength + tlvLength;
    }

    /// <summary>
    /// Writes the header for a TCP connection from <paramref name="source"/> (the client) to <paramref name="destination"/>
    /// (the address the client connected to), followed by <paramref name="tlvs"/> as they are. Returns the bytes written;
    /// <paramref name="buffer"/> must hold <see cref="GetHeaderLength"/> bytes.
    /// </summary>
    public static int WriteHeader(Span<byte> buffer, IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> tlvs = default)
    {
        var length = GetHeaderLength(source, destination, tlvs.Length);
        if (buffer.Length < length)
        {
            throw new ArgumentException($"the header needs {length} bytes; the buffer has {buffer.Length}", nameof(buffer));
        }

        Signature.CopyTo(buffer);
        buffer[12] = VersionAndCommandProxy;
        var ipv4 = BothIPv4(source, destination);
        buffer[13] = ipv4 ? TcpOverIPv4 : TcpOverIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[14..], (ushort)(length - FixedLength));
        var addressLength = ipv4 ? 4 : 16;
        var addresses = buffer[FixedLength..];
        WriteAddress(addresses, source.Address, addressLength);
        WriteAddress(addresses[addressLength..], destination.Address, addressLength);
        BinaryPrimitives.WriteUInt16BigEndian(addresses[(2 * addressLength)..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(addresses[(2 * addressLength + 2)..], (ushort)destination.Port);
        tlvs.CopyTo(buffer[(length - tlvs.Length)..]);
        return length;
    }

    /// <summary>Writes one TLV (type, big-endian length, value); returns the bytes written (<see cref="TlvHeaderLength"/> + value).</summary>
    public static int WriteTlv(Span<byte> buffer, ProxyProtocolTlvType type, ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, ushort.MaxValue);
        WriteTlvHeader(buffer, type, value.Length);
        value.CopyTo(buffer[TlvHeaderLength..]);
        return TlvHeaderLength + value.Length;
    }

    /// <summary>
    /// Writes a PP2_TYPE_SSL TLV: the client flags, the 32-bit verify result (0 when the client presented a certificate
    /// that verified, or none was asked for) and the sub-TLVs already written into <paramref name="subTlvs"/>
    /// (for example <see cref="ProxyProtocolTlvType.SslVersion"/>). Returns the bytes written.
    /// </summary>
    public static int WriteSslTlv(Span<byte> buffer, ProxyProtocolSslClient client, uint verify, ReadOnlySpan<byte> subTlvs)
    {
        var valueLength = SslTlvFixedLength + subTlvs.Length;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueLength, ushort.MaxValue);
        WriteTlvHeader(buffer, ProxyProtocolTlvType.Ssl, valueLength);
        buffer[TlvHeaderLength] = (byte)client;
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(TlvHeaderLength + 1)..], verify);
        subTlvs.CopyTo(buffer[(TlvHeaderLength + SslTlvFixedLength)..]);
        return TlvHeaderLength + valueLength;
    }

    private static void WriteTlvHeader(Span<byte> buffer, ProxyProtocolTlvType type, int valueLength)
    {
        buffer[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[1..], (ushort)valueLength);
    }

    private static bool BothIPv4(IPEndPoint source, IPEndPoint destination) => IsIPv4(source.Address) && IsIPv4(destination.Address);

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;

    /// <summary>Writes 4 bytes (IPv4, a mapped address unwrapped) or 16 (IPv6, an IPv4 address mapped).</summary>
    private static void WriteAddress(Span<byte> buffer, IPAddress address, int length)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        if (length == 4)
        {
            // IPv4 as it is, or the last 4 bytes of ::ffff:a.b.c.d.
            bytes[(written - 4)..written].CopyTo(buffer);
        }
        else if (written == 4)
        {
            buffer[..10].Clear();
            buffer[10] = 0xFF;
            buffer[11] = 0xFF;
            bytes[..4].CopyTo(buffer[12..]);
        }
        else
        {
            bytes.CopyTo(buffer);
        }
    }
}
