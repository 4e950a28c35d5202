using System.Text.Json.Serialization;

namespace DeskMirror.Server.Tls;

/// <summary>What the mirror port speaks (the <c>mirrorTls</c> setting).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MirrorTlsMode>))]
public enum MirrorTlsMode
{
    /// <summary>TLS and plain HTTP on the same port: browsers use HTTPS, API clients may stay on HTTP. The default.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>TLS only: plain HTTP gets a redirect to HTTPS, except the authority certificate and the trust page.</summary>
    [JsonStringEnumMemberName("required")]
    Required,

    /// <summary>Plain HTTP only.</summary>
    [JsonStringEnumMemberName("off")]
    Off,
}
