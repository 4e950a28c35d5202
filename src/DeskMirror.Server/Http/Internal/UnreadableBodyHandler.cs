using DeskMirror.Server.Internal;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Http.Internal;

/// <summary>
/// The net under every body reader: a <see cref="BadHttpRequestException"/> that escapes an endpoint (a body that
/// trickles in below Kestrel's minimum data rate, or ends early) is the client's fault, not a server error. It is
/// answered with its own status (408, 400, 413) and a problem body, and logged as one quiet line, never as an
/// unhandled exception with a stack trace. The readers in <see cref="RequestBody"/> answer it themselves.
/// </summary>
internal sealed class UnreadableBodyHandler(ILogger<UnreadableBodyHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        Log.BodyUnreadable(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? string.Empty, bad.StatusCode, bad.Message);
        httpContext.Response.Clear();
        await ApiProblems.UnreadableBody(bad).ExecuteAsync(httpContext);
        return true;
    }
}
