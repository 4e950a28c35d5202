using DeskMirror.Server.Hosting;
using DeskMirror.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeskMirror.Server.Tls;

/// <summary>
/// <c>GET /ca.crt</c>, open on both listeners: DeskMirror's local certificate authority, DER-encoded as
/// <c>application/x-x509-ca-cert</c> (the type iOS opens as a profile to install and Android's certificate installer
/// takes); 404 with a problem body when the mirror's certificate is not from that authority.
/// </summary>
public static class TrustApi
{
    /// <summary>The content type of <see cref="TrustPaths.Certificate"/>.</summary>
    public const string CertificateContentType = "application/x-x509-ca-cert";

    /// <summary>Maps the route.</summary>
    public static IEndpointRouteBuilder MapTrustApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(TrustPaths.Certificate, static IResult (HttpContext context, AppServerOptions options) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            if (options.MirrorTls == MirrorTlsMode.Off || options.CertificateAuthority is not { } authority)
            {
                return ApiProblems.NotFound(options.MirrorTls == MirrorTlsMode.Off
                    ? "The mirror does not use TLS (mirrorTls is off), so there is no certificate authority to trust."
                    : "The mirror's certificate comes from a file its owner gave, not from DeskMirror's own certificate authority; there is nothing to install.");
            }

            // Inline, and no download attribute on the page's link: iOS Safari offers the profile install from the
            // content type, which a forced download would bypass; browsers that cannot show it save it under this name.
            context.Response.Headers.ContentDisposition = "inline; filename=\"DeskMirror-CA.crt\"";
            return TypedResults.Bytes(authority.RawData, CertificateContentType);
        }).AllowAnonymous();
        return endpoints;
    }
}
