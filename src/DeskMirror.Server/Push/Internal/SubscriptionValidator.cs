using System.Buffers.Text;
using System.Security.Cryptography;

namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// Checks a PushSubscription before it is stored. The endpoint is where the server will send requests, so it must
/// be an absolute <c>https:</c> URL without user information; plain <c>http:</c> is accepted only for a loopback
/// host (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>), where a local push service runs in tests and nothing
/// leaves the machine. The keys must be what RFC 8291 needs: a P-256 point in uncompressed form and a 16-byte secret.
/// </summary>
internal static class SubscriptionValidator
{
    /// <summary>Longest endpoint accepted; real push services use a few hundred characters.</summary>
    public const int MaxEndpointLength = 2048;

    public const int P256dhBytes = 65;

    public const int AuthBytes = 16;

    /// <summary>The subscription, or a sentence saying what is wrong with it.</summary>
    public static (ValidSubscription? Subscription, string? Error) Validate(SubscriptionRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Endpoint))
        {
            return (null, "\"endpoint\" is missing.");
        }

        if (EndpointProblem(request.Endpoint) is { } endpointProblem)
        {
            return (null, endpointProblem);
        }

        if (request.Keys is null)
        {
            return (null, "\"keys\" is missing: it must be { \"p256dh\", \"auth\" }.");
        }

        if (DecodeKey(request.Keys.P256dh, "keys.p256dh", P256dhBytes, out var p256dh) is { } p256dhProblem)
        {
            return (null, p256dhProblem);
        }

        if (p256dh[0] != 0x04 || !IsP256Point(p256dh))
        {
            return (null, "\"keys.p256dh\" is not a P-256 public key in uncompressed form.");
        }

        if (DecodeKey(request.Keys.Auth, "keys.auth", AuthBytes, out var auth) is { } authProblem)
        {
            return (null, authProblem);
        }

        DateTimeOffset? expires = null;
        if (request.ExpirationTime is { } milliseconds)
        {
            if (!double.IsFinite(milliseconds) || milliseconds < 0 || milliseconds > 253402300799999)
            {
                return (null, "\"expirationTime\" must be null or milliseconds since 1970.");
            }

            expires = DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
            if (expires <= now)
            {
                return (null, "\"expirationTime\" is in the past: the subscription has already ended.");
            }
        }

        return (new ValidSubscription(request.Endpoint, Base64Url.EncodeToString(p256dh), Base64Url.EncodeToString(auth), expires), null);
    }

    private static string? EndpointProblem(string endpoint)
    {
        if (endpoint.Length > MaxEndpointLength)
        {
            return $"\"endpoint\" is longer than {MaxEndpointLength} characters.";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "\"endpoint\" must be an absolute URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "\"endpoint\" must not contain user information.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
        {
            return null;
        }

        return "\"endpoint\" must be an https: URL (plain http: only for a push service on this machine's loopback).";
    }

    private static string? DecodeKey(string? value, string name, int length, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(value))
        {
            return $"\"{name}\" is missing.";
        }

        // Browsers send unpadded base64url; padding is tolerated, anything else is not.
        var trimmed = value.TrimEnd('=');
        if (trimmed.Length > 4 * length || !Base64Url.IsValid(trimmed, out var decodedLength) || decodedLength != length)
        {
            return $"\"{name}\" must be {length} bytes in base64url.";
        }

        bytes = Base64Url.DecodeFromChars(trimmed);
        return null;
    }

    private static bool IsP256Point(byte[] point)
    {
        try
        {
            using var key = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = point[1..33], Y = point[33..65] },
            });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
