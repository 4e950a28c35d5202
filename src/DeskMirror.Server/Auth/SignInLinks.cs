using System.Security.Cryptography;
using System.Text;
using DeskMirror.Server.Hosting;

namespace DeskMirror.Server.Auth;

/// <summary>
/// One-time sign-in links: pairing links for the mirror (a phone scans the QR code) and launch links for the
/// desktop browser. Each token is 256 random bits, valid once, for <see cref="Lifetime"/>; only its SHA-256 is kept.
/// </summary>
public sealed class SignInLinks
{
    /// <summary>How long a link stays valid: 5 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Unredeemed links kept at once; minting more forgets the oldest.</summary>
    public const int MaxOutstanding = 64;

    private readonly Dictionary<string, Link> _links = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    internal SignInLinks(AppServerOptions options) => _time = options.TimeProvider;

    /// <summary>A fresh pairing path, <c>/auth/pair?token=…</c>, for the mirror's address.</summary>
    public string CreatePairingPath() => "/auth/pair?token=" + Create(SignInLinkKind.Pairing, out _);

    /// <summary>A fresh pairing path and when it expires.</summary>
    public string CreatePairingPath(out DateTimeOffset expiresAt) => "/auth/pair?token=" + Create(SignInLinkKind.Pairing, out expiresAt);

    /// <summary>A fresh launch path, <c>/?token=…</c>, for the desktop listener.</summary>
    public string CreateLaunchPath() => "/?token=" + Create(SignInLinkKind.Launch, out _);

    /// <summary>Consumes a token: true once, for the right kind, before it expires.</summary>
    public bool TryRedeem(SignInLinkKind kind, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var key = Digest(token);
        lock (_lock)
        {
            if (!_links.Remove(key, out var link))
            {
                return false;
            }

            return link.Kind == kind && link.ExpiresAt > _time.GetUtcNow();
        }
    }

    /// <summary>Forgets every unredeemed link (credentials changed).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _links.Clear();
        }
    }

    private string Create(SignInLinkKind kind, out DateTimeOffset expiresAt)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = _time.GetUtcNow();
        expiresAt = now + Lifetime;
        lock (_lock)
        {
            foreach (var (key, link) in _links)
            {
                if (link.ExpiresAt <= now)
                {
                    _links.Remove(key);
                }
            }

            if (_links.Count >= MaxOutstanding)
            {
                var oldest = _links.MinBy(pair => pair.Value.ExpiresAt).Key;
                _links.Remove(oldest);
            }

            _links[Digest(token)] = new Link(kind, expiresAt);
        }

        return token;
    }

    private static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Link(SignInLinkKind Kind, DateTimeOffset ExpiresAt);
}
