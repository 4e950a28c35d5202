using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeskMirror.Server.Hosting;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// What the database keeps to notice, at the next start, that the credentials were changed while the server was
/// off: <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;key&gt;</c>, a slow KDF of username and password, so a
/// copy of the file does not let anyone check password guesses cheaply. It is only ever compared at start and
/// after a change; requests are checked against the credentials in memory and never pay the KDF. The last
/// derivation is kept for the running process, so a restart in the same process does not pay it again.
/// </summary>
internal static class CredentialVerifier
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations: 600 000, the OWASP recommendation (2023) for this function.</summary>
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    private static readonly Lock Gate = new();
    private static Derivation? _last;

    /// <summary>A new verifier for <paramref name="credentials"/> with a fresh salt.</summary>
    public static string Create(ServerCredentials credentials, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Derive(credentials, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>True when <paramref name="stored"/> was made from these credentials; false for another password or a value it cannot read.</summary>
    public static bool Matches(string stored, ServerCredentials credentials, out int iterations)
    {
        iterations = 0;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1
            || !TryBase64(parts[2], out var salt) || !TryBase64(parts[3], out var expected) || expected.Length != KeyBytes)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Derive(credentials, salt, iterations), expected);
    }

    private static byte[] Derive(ServerCredentials credentials, byte[] salt, int iterations)
    {
        var secret = Encoding.UTF8.GetBytes(credentials.Username + "\0" + credentials.Password);
        try
        {
            var fingerprint = SHA256.HashData(secret);
            lock (Gate)
            {
                if (_last is { } last && last.Iterations == iterations && last.Salt.AsSpan().SequenceEqual(salt)
                    && CryptographicOperations.FixedTimeEquals(last.Fingerprint, fingerprint))
                {
                    return last.Key;
                }
            }

            var key = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, KeyBytes);
            lock (Gate)
            {
                _last = new Derivation(salt, iterations, fingerprint, key);
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return false;
        }

        bytes = bytes[..length];
        return true;
    }

    private sealed record Derivation(byte[] Salt, int Iterations, byte[] Fingerprint, byte[] Key);
}
