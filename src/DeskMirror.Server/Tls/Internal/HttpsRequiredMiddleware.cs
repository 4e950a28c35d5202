using DeskMirror.Server.Hosting;
using DeskMirror.Server.Http;
using DeskMirror.Server.Modes;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Tls.Internal;

/// <summary>
/// <c>mirrorTls: required</c>: a mirror request that did not come over TLS (the proxy marks TLS connections in
/// their PROXY header, which makes <see cref="HttpRequest.IsHttps"/> true) gets a redirect to the same host, port,
/// path and query over https — except <see cref="TrustPaths"/>, which a device needs before it can trust the
/// certificate. The desktop listener is loopback and never redirected.
/// </summary>
internal sealed class HttpsRequiredMiddleware(RequestDelegate next, AppServerOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (options.MirrorTls != MirrorTlsMode.Required
            || request.IsHttps
            || context.GetRequestMode() != RequestMode.Mirror
            || TrustPaths.IsTrustPath(request.Path.Value))
        {
            return next(context);
        }

        if (!request.Host.HasValue)
        {
            return ApiProblems.WriteAsync(context, ApiProblems.BadRequest("This mirror answers only over HTTPS; send a Host header to be redirected."));
        }

        // 307 keeps the method and body and is not cached, so switching back to "auto" takes effect at once.
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = $"https://{request.Host.Value}{request.PathBase}{request.Path}{request.QueryString}";
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
