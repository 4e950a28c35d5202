using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using WebPushMessage = Lib.Net.Http.WebPush.PushMessage;

namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// One delivery to one device with Lib.Net.Http.WebPush: the payload encrypted per RFC 8291 (aes128gcm), a VAPID
/// token per RFC 8292, <c>TTL</c>, <c>Urgency: high</c> and a <c>Topic</c> per session, so a push service holding
/// messages for an offline device keeps only the latest of each session.
/// </summary>
internal sealed class PushSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly PushServiceClient _client;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;

    public PushSender(PushOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _http = new HttpClient(new BoundedResponseHandler(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
        }))
        {
            // Each delivery has its own deadline (SendTimeout), which also covers reading the answer.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // A 429 is a failure like any other: the library's own retry would wait as long as the service asks.
        _client = new PushServiceClient(_http) { AutoRetryAfter = false };
    }

    /// <summary>Sends <paramref name="payload"/> to <paramref name="subscription"/>; <c>Failure</c> says why it failed, without secrets.</summary>
    public async Task<(DeliveryResult Result, string? Failure)> SendAsync(
        StoredSubscription subscription, string payload, string sessionId, VapidKeys keys, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.SendTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // One per delivery: deliveries run side by side and the library's signer is not documented as thread-safe.
        using var vapid = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { Subject = _options.Subject };
        var target = new PushSubscription { Endpoint = subscription.Endpoint };
        target.SetKey(PushEncryptionKeyName.P256DH, subscription.P256dh);
        target.SetKey(PushEncryptionKeyName.Auth, subscription.Auth);
        var message = new WebPushMessage(payload)
        {
            TimeToLive = (int)_options.TimeToLive.TotalSeconds,
            Urgency = PushMessageUrgency.High,
            Topic = TopicOf(sessionId),
        };

        try
        {
            await _client.RequestPushMessageDeliveryAsync(target, message, vapid, linked.Token);
            return (DeliveryResult.Delivered, null);
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return (DeliveryResult.Gone, null);
        }
        catch (PushServiceClientException ex)
        {
            return (DeliveryResult.Failed, $"HTTP {(int)ex.StatusCode}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (DeliveryResult.Failed, $"no answer within {_options.SendTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            // The message may quote the URL; the error kind and socket error say enough.
            var socket = ex.InnerException is SocketException s ? $" ({s.SocketErrorCode})" : string.Empty;
            return (DeliveryResult.Failed, $"network error: {ex.HttpRequestError}{socket}");
        }
    }

    /// <summary>RFC 8030 topic: at most 32 characters of base64url; a hash keeps any session id within that.</summary>
    public static string TopicOf(string sessionId)
        => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 24));

    public void Dispose() => _http.Dispose();
}
