using System.Security.Cryptography;
using System.Text;
using DeskMirror.Server.Hosting;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>The current credentials and their constant-time check.</summary>
internal sealed class CredentialStore(ServerCredentials initial)
{
    private volatile Hashed _current = Hash(initial);

    public ServerCredentials Current => _current.Credentials;

    public void Update(ServerCredentials credentials) => _current = Hash(credentials);

    /// <summary>
    /// Compares SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>: equal-length inputs
    /// mean neither the content nor the length of the secret leaks through timing; both parts are always compared.
    /// </summary>
    public bool Verify(string username, string password)
    {
        var current = _current;
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HashUtf8(username, digest);
        var userOk = CryptographicOperations.FixedTimeEquals(digest, current.Username);
        HashUtf8(password, digest);
        var passwordOk = CryptographicOperations.FixedTimeEquals(digest, current.Password);
        return userOk & passwordOk;
    }

    private static Hashed Hash(ServerCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var user = new byte[SHA256.HashSizeInBytes];
        var password = new byte[SHA256.HashSizeInBytes];
        HashUtf8(credentials.Username, user);
        HashUtf8(credentials.Password, password);
        return new Hashed(credentials, user, password);
    }

    private static void HashUtf8(string text, Span<byte> destination)
        => SHA256.HashData(Encoding.UTF8.GetBytes(text), destination);

    private sealed record Hashed(ServerCredentials Credentials, byte[] Username, byte[] Password);
}
