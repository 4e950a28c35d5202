namespace DeskMirror.Proxy.ProxyProtocol;

/// <summary>TLV types of PROXY protocol version 2 (PP2_TYPE_* and PP2_SUBTYPE_SSL_*).</summary>
public enum ProxyProtocolTlvType : byte
{
    /// <summary>PP2_TYPE_ALPN: the protocol the client and the TLS terminator agreed on.</summary>
    Alpn = 0x01,

    /// <summary>PP2_TYPE_AUTHORITY: the host name the client asked for (TLS SNI), UTF-8.</summary>
    Authority = 0x02,

    /// <summary>PP2_TYPE_CRC32C: a CRC-32C checksum of the header.</summary>
    Crc32c = 0x03,

    /// <summary>PP2_TYPE_NOOP: padding, to be ignored.</summary>
    Noop = 0x04,

    /// <summary>PP2_TYPE_UNIQUE_ID: an opaque connection id, at most 128 bytes.</summary>
    UniqueId = 0x05,

    /// <summary>PP2_TYPE_SSL: the client connected over TLS; written by <see cref="ProxyProtocolV2.WriteSslTlv"/>.</summary>
    Ssl = 0x20,

    /// <summary>PP2_SUBTYPE_SSL_VERSION, inside <see cref="Ssl"/>: the TLS version, as US-ASCII ("TLSv1.3").</summary>
    SslVersion = 0x21,

    /// <summary>PP2_SUBTYPE_SSL_CN, inside <see cref="Ssl"/>: the client certificate's common name, UTF-8.</summary>
    SslCommonName = 0x22,

    /// <summary>PP2_SUBTYPE_SSL_CIPHER, inside <see cref="Ssl"/>: the cipher suite, US-ASCII.</summary>
    SslCipher = 0x23,

    /// <summary>PP2_SUBTYPE_SSL_SIG_ALG, inside <see cref="Ssl"/>: the certificate's signature algorithm.</summary>
    SslSignatureAlgorithm = 0x24,

    /// <summary>PP2_SUBTYPE_SSL_KEY_ALG, inside <see cref="Ssl"/>: the certificate's key algorithm.</summary>
    SslKeyAlgorithm = 0x25,

    /// <summary>PP2_TYPE_NETNS: the network namespace name, US-ASCII.</summary>
    NetworkNamespace = 0x30,
}
