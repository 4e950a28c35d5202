namespace DeskMirror.Server.Push.Internal;

/// <summary>The server's VAPID key pair (P-256), base64url: the public key as an uncompressed point (65 bytes), the private scalar (32 bytes).</summary>
internal sealed record VapidKeys(string PublicKey, string PrivateKey)
{
    /// <summary>Never prints the private key.</summary>
    public override string ToString() => $"VapidKeys {{ PublicKey = {PublicKey} }}";
}
