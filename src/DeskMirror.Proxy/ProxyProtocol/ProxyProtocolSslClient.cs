namespace DeskMirror.Proxy.ProxyProtocol;

/// <summary>The client field of a PP2_TYPE_SSL TLV (PP2_CLIENT_*).</summary>
[Flags]
public enum ProxyProtocolSslClient : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>PP2_CLIENT_SSL: the client connected over SSL/TLS.</summary>
    Ssl = 0x01,

    /// <summary>PP2_CLIENT_CERT_CONN: the client presented a certificate over this connection.</summary>
    CertificateOnConnection = 0x02,

    /// <summary>PP2_CLIENT_CERT_SESS: the client presented a certificate at least once over this TLS session.</summary>
    CertificateOnSession = 0x04,
}
