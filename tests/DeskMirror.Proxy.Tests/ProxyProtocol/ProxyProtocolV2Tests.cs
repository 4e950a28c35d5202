using System.Net;
using System.Text;
using DeskMirror.Proxy.ProxyProtocol;

namespace DeskMirror.Proxy.Tests.ProxyProtocol;

public sealed class ProxyProtocolV2Tests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    [Fact]
    public void WriteHeader_WithSslAndAuthorityTlvs_LengthCoversAddressesAndTlvs()
    {
        // What a TLS-terminating proxy appends: PP2_TYPE_SSL with PP2_CLIENT_SSL and a version sub-TLV, and the SNI.
        Span<byte> tlvs = stackalloc byte[64];
        Span<byte> sub = stackalloc byte[16];
        var subLength = ProxyProtocolV2.WriteTlv(sub, ProxyProtocolTlvType.SslVersion, "TLSv1.3"u8);
        var length = ProxyProtocolV2.WriteSslTlv(tlvs, ProxyProtocolSslClient.Ssl, verify: 0, sub[..subLength]);
        length += ProxyProtocolV2.WriteTlv(tlvs[length..], ProxyProtocolTlvType.Authority, Encoding.UTF8.GetBytes("desk.local"));
        var source = new IPEndPoint(IPAddress.Parse("192.168.1.20"), 51000);
        var destination = new IPEndPoint(IPAddress.Parse("192.168.1.5"), 4096);
        var header = new byte[ProxyProtocolV2.GetHeaderLength(source, destination, length)];

        var written = ProxyProtocolV2.WriteHeader(header, source, destination, tlvs[..length]);

        byte[] expected =
        [
            .. Signature, 0x21, 0x11,
            0x00, 12 + 18 + 13, // addresses, the SSL TLV (3 + 5 + 10 of sub-TLV), the authority TLV (3 + 10)
            192, 168, 1, 20, 192, 168, 1, 5, 0xC7, 0x38, 0x10, 0x00,
            0x20, 0x00, 0x0F, 0x01, 0x00, 0x00, 0x00, 0x00, // PP2_TYPE_SSL, length 15, PP2_CLIENT_SSL, verify 0
            0x21, 0x00, 0x07, .. "TLSv1.3"u8.ToArray(), // PP2_SUBTYPE_SSL_VERSION
            0x02, 0x00, 0x0A, .. "desk.local"u8.ToArray(), // PP2_TYPE_AUTHORITY
        ];
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, header);
    }

    [Fact]
    public void WriteHeader_IPv4SourceAndIPv6Destination_BothGoAsIPv6WithTheIPv4Mapped()
    {
        var source = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 1);
        var destination = new IPEndPoint(IPAddress.Parse("fe80::1"), 2);
        var header = new byte[ProxyProtocolV2.GetHeaderLength(source, destination, 0)];

        ProxyProtocolV2.WriteHeader(header, source, destination);

        byte[] expected =
        [
            .. Signature, 0x21, 0x21, 0x00, 0x24,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 7,
            0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
            0, 1, 0, 2,
        ];
        Assert.Equal(expected, header);
    }

    [Fact]
    public void WriteHeader_BufferTooSmall_ThrowsNamingTheSize()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 1);
        var error = Assert.Throws<ArgumentException>(() => ProxyProtocolV2.WriteHeader(new byte[27], endpoint, endpoint));
        Assert.Contains("28 bytes", error.Message, StringComparison.Ordinal);
    }
}
