using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>
/// Writes binary PROXY protocol v2 headers by hand, as the proxy would send them (or, for tests of refusals, as it
/// never would): signature, version and command, family, length, addresses, TLVs, an optional CRC32C.
/// </summary>
public static class ProxyV2
{
    public const byte TypeAlpn = 0x01;
    public const byte TypeAuthority = 0x02;
    public const byte TypeCrc32C = 0x03;
    public const byte TypeNoop = 0x04;
    public const byte TypeSsl = 0x20;

    /// <summary>The 12-byte signature every v2 header starts with.</summary>
    public static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>A PROXY (0x21) header over TCP naming <paramref name="source"/>, with the given TLVs.</summary>
    public static byte[] Header(IPEndPoint source, IPEndPoint? destination = null, params byte[][] tlvs)
        => Build(0x21, source, destination ?? new IPEndPoint(source.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Parse("192.0.2.1") : IPAddress.Parse("2001:db8::1"), 4096), tlvs);

    /// <summary>A header from <paramref name="device"/> (port 50000), the shortest form.</summary>
    public static byte[] From(string device) => Header(new IPEndPoint(IPAddress.Parse(device), 50000));

    /// <summary>Any version/command byte, for refusals.</summary>
    public static byte[] Build(byte versionCommand, IPEndPoint source, IPEndPoint destination, params byte[][] tlvs)
    {
        var v4 = source.AddressFamily == AddressFamily.InterNetwork;
        var addresses = new List<byte>();
        addresses.AddRange(source.Address.GetAddressBytes());
        addresses.AddRange(destination.Address.GetAddressBytes());
        addresses.AddRange(Port(source.Port));
        addresses.AddRange(Port(destination.Port));
        var payload = addresses.Concat(tlvs.SelectMany(t => t)).ToArray();
        return [.. Signature, versionCommand, (byte)(v4 ? 0x11 : 0x21), .. Port(payload.Length), .. payload];
    }

    public static byte[] Tlv(byte type, byte[] value) => [type, .. Port(value.Length), .. value];

    /// <summary><c>PP2_TYPE_SSL</c>: client bits (<c>PP2_CLIENT_SSL</c> = 1), verify 0, and a version sub-TLV.</summary>
    public static byte[] Ssl(bool clientSsl) => Tlv(TypeSsl, [(byte)(clientSsl ? 0x01 : 0x00), 0, 0, 0, 0, .. Tlv(0x21, "TLSv1.3"u8.ToArray())]);

    public static byte[] Authority(string host) => Tlv(TypeAuthority, Encoding.UTF8.GetBytes(host));

    public static byte[] Alpn(string protocol) => Tlv(TypeAlpn, Encoding.ASCII.GetBytes(protocol));

    /// <summary>The header with a CRC32C TLV appended and filled in (or deliberately wrong).</summary>
    public static byte[] WithCrc(byte[] header, bool correct = true)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(14)) + 7;
        byte[] withTlv = [.. header[..14], .. Port(length), .. header[16..], TypeCrc32C, 0, 4, 0, 0, 0, 0];
        var crc = Crc32C(withTlv) ^ (correct ? 0u : 1u);
        BinaryPrimitives.WriteUInt32BigEndian(withTlv.AsSpan(withTlv.Length - 4), crc);
        return withTlv;
    }

    /// <summary>CRC-32C (Castagnoli), bit by bit: an independent check of the server's table-free one.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Port(int value) => [(byte)(value >> 8), (byte)value];
}
