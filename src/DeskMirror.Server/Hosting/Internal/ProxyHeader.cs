using System.Net;

namespace DeskMirror.Server.Hosting.Internal;

/// <summary>A PROXY protocol v2 header that passed every check of <see cref="ProxyHeaderParser"/>.</summary>
internal sealed record ProxyHeader(IPEndPoint Source, IPEndPoint Destination, bool IsTls, string? ApplicationProtocol, string? Authority) : IProxyProtocolFeature;
