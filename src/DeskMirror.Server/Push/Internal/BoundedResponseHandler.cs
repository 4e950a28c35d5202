namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// Reads a push service's whole answer here, up to <see cref="MaxResponseBytes"/> and under the caller's
/// cancellation, so neither a huge nor a trickling error body can hold memory or a delivery forever (the push
/// library reads error bodies itself, without a limit or a token).
/// </summary>
internal sealed class BoundedResponseHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>Largest answer body read; push services answer with a few hundred bytes at most.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(MaxResponseBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
