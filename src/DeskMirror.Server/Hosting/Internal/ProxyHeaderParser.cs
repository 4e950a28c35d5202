using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using System.Text;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>
/// Parses the binary PROXY protocol v2 header (haproxy.org/download/2.9/doc/proxy-protocol.txt) strictly: the
/// 12-byte signature, version 2, the PROXY command, TCP over IPv4 or IPv6, a length within
/// <see cref="MaxHeaderBytes"/>, a real source (not unspecified, broadcast or multicast, port not 0) and
/// well-formed TLVs. Of the TLVs it honours <c>PP2_TYPE_SSL</c> (TLS terminated by the proxy),
/// <c>PP2_TYPE_ALPN</c>, <c>PP2_TYPE_AUTHORITY</c> (SNI) and <c>PP2_TYPE_CRC32C</c> (checked when present);
/// others are skipped.
/// The text header of version 1 and the LOCAL command are refused: every mirror connection must name its client.
/// </summary>
internal static class ProxyHeaderParser
{
    /// <summary>
    /// The largest header accepted, fixed part and TLVs together: 1 KiB. The proxy's own headers are a few hundred
    /// bytes at most (addresses, TLS details, a host name of up to 255 bytes); a larger one is refused, not buffered.
    /// </summary>
    public const int MaxHeaderBytes = 1024;

    /// <summary>The signature, version/command, family and length: 16 bytes.</summary>
    public const int FixedBytes = 16;

    private const byte TypeAlpn = 0x01;
    private const byte TypeAuthority = 0x02;
    private const byte TypeCrc32C = 0x03;
    private const byte TypeSsl = 0x20;
    private const byte ClientSsl = 0x01;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Parses the start of a connection. <see cref="ProxyHeaderStatus.Incomplete"/> asks for more bytes (at most
    /// <see cref="MaxHeaderBytes"/> are ever needed); on <see cref="ProxyHeaderStatus.Valid"/>, <paramref name="length"/>
    /// bytes are the header and what follows is the client's; on <see cref="ProxyHeaderStatus.Invalid"/>,
    /// <paramref name="error"/> says why.
    /// </summary>
    public static ProxyHeaderStatus Parse(ReadOnlySpan<byte> data, out ProxyHeader? header, out int length, out string? error)
    {
        header = null;
        length = 0;
        error = null;
        var prefix = Math.Min(data.Length, Signature.Length);
        if (!data[..prefix].SequenceEqual(Signature[..prefix]))
        {
            return Fail(data.StartsWith("PROXY "u8) || "PROXY "u8.StartsWith(data)
                ? "a version 1 (text) header; only the binary version 2 is accepted"
                : "no PROXY protocol v2 signature", out error);
        }

        if (data.Length < FixedBytes)
        {
            return ProxyHeaderStatus.Incomplete;
        }

        if (data[12] >> 4 != 2)
        {
            return Fail($"version {data[12] >> 4}; only 2 is accepted", out error);
        }

        switch (data[12] & 0x0F)
        {
            case 0x0:
                return Fail("the LOCAL command; a mirror connection must name its client", out error);
            case 0x1:
                break;
            default:
                return Fail($"unknown command {data[12] & 0x0F}", out error);
        }

        var addressBytes = data[13] switch
        {
            0x11 => 12, // TCP over IPv4
            0x21 => 36, // TCP over IPv6
            _ => -1,
        };
        if (addressBytes < 0)
        {
            return Fail($"address family and protocol 0x{data[13]:x2}; only TCP over IPv4 or IPv6 is accepted", out error);
        }

        var payload = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
        if (payload < addressBytes)
        {
            return Fail($"a length of {payload}, shorter than its addresses", out error);
        }

        if (FixedBytes + payload > MaxHeaderBytes)
        {
            return Fail($"a header of {FixedBytes + payload} bytes, more than the limit of {MaxHeaderBytes}", out error);
        }

        if (data.Length < FixedBytes + payload)
        {
            return ProxyHeaderStatus.Incomplete;
        }

        var whole = data[..(FixedBytes + payload)];
        var addresses = whole.Slice(FixedBytes, addressBytes);
        var ipBytes = addressBytes == 12 ? 4 : 16;
        var source = new IPEndPoint(new IPAddress(addresses[..ipBytes]), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * ipBytes)..]));
        var destination = new IPEndPoint(new IPAddress(addresses.Slice(ipBytes, ipBytes)), BinaryPrimitives.ReadUInt16BigEndian(addresses[((2 * ipBytes) + 2)..]));
        if (!IsPlausibleClient(source, out var reason))
        {
            return Fail(reason, out error);
        }

        if (!TryReadTlvs(whole, FixedBytes + addressBytes, out var tlvs, out error))
        {
            return ProxyHeaderStatus.Invalid;
        }

        header = new ProxyHeader(source, destination, tlvs.IsTls, tlvs.ApplicationProtocol, tlvs.Authority);
        length = whole.Length;
        return ProxyHeaderStatus.Valid;
    }

    /// <summary>CRC-32C (Castagnoli) as the PROXY protocol computes it: initial value and final XOR all ones.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static bool IsPlausibleClient(IPEndPoint source, out string reason)
    {
        var address = source.Address;
        if (source.Port == 0)
        {
            reason = "source port 0";
            return false;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)
            || address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224))
        {
            reason = $"source address {address}, which no TCP client has";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    private static bool TryReadTlvs(ReadOnlySpan<byte> header, int start, out Tlvs tlvs, out string? error)
    {
        tlvs = default;
        var isTls = false;
        string? authority = null;
        string? alpn = null;
        error = null;
        var seen = new HashSet<byte>();
        var position = start;
        while (position < header.Length)
        {
            if (header.Length - position < 3)
            {
                error = "a TLV cut short";
                return false;
            }

            var type = header[position];
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[(position + 1)..]);
            var valueStart = position + 3;
            if (length > header.Length - valueStart)
            {
                error = $"TLV 0x{type:x2} runs past the end of the header";
                return false;
            }

            var value = header.Slice(valueStart, length);
            if ((type is TypeAlpn or TypeAuthority or TypeSsl or TypeCrc32C) && !seen.Add(type))
            {
                error = $"TLV 0x{type:x2} twice";
                return false;
            }

            switch (type)
            {
                case TypeAlpn when !TryReadToken(value, hostName: false, out alpn):
                    error = "an application protocol (ALPN) that is not a protocol id";
                    return false;
                case TypeAuthority when !TryReadToken(value, hostName: true, out authority):
                    error = "an authority (SNI) that is not a host name";
                    return false;
                case TypeSsl when !TryReadSsl(value, out isTls):
                    error = "a malformed PP2_TYPE_SSL";
                    return false;
                case TypeCrc32C when !ChecksumMatches(header, valueStart, value):
                    error = "a CRC32C that does not match the header";
                    return false;
            }

            position = valueStart + length;
        }

        tlvs = new Tlvs(isTls, alpn, authority);
        return true;
    }

    /// <summary>A printable UTF-8 token of 1 to 255 bytes: a protocol id, or a host name (no <c>/</c>, <c>@</c>, <c>\</c>).</summary>
    private static bool TryReadToken(ReadOnlySpan<byte> value, bool hostName, out string? token)
    {
        token = null;
        if (value.IsEmpty || value.Length > 255)
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || (hostName && c is '/' or '@' or '\\')))
        {
            return false;
        }

        token = text;
        return true;
    }

    /// <summary><c>client</c> (1 byte), <c>verify</c> (4 bytes), then sub-TLVs, which must be well-formed too.</summary>
    private static bool TryReadSsl(ReadOnlySpan<byte> value, out bool isTls)
    {
        isTls = false;
        if (value.Length < 5)
        {
            return false;
        }

        var position = 5;
        while (position < value.Length)
        {
            if (value.Length - position < 3)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(value[(position + 1)..]);
            position += 3 + length;
            if (position > value.Length)
            {
                return false;
            }
        }

        isTls = (value[0] & ClientSsl) != 0;
        return true;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> header, int valueStart, ReadOnlySpan<byte> value)
    {
        if (value.Length != 4)
        {
            return false;
        }

        // The checksum covers the whole header with its own four bytes read as zero.
        Span<byte> copy = stackalloc byte[header.Length];
        header.CopyTo(copy);
        copy.Slice(valueStart, 4).Clear();
        return Crc32C(copy) == BinaryPrimitives.ReadUInt32BigEndian(value);
    }

    private readonly record struct Tlvs(bool IsTls, string? ApplicationProtocol, string? Authority);

    private static ProxyHeaderStatus Fail(string reason, out string? error)
    {
        error = reason;
        return ProxyHeaderStatus.Invalid;
    }
}
