using System.Buffers;
using System.Text;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>Parses <c>Authorization: Basic …</c> without throwing: every malformed value is a reason, never an exception.</summary>
internal static class BasicCredentialParser
{
    /// <summary>Longest header value accepted; real credentials are far shorter, and the bound caps decoding work.</summary>
    public const int MaxHeaderLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryParse(string header, out string username, out string password, out string reason)
    {
        username = password = string.Empty;
        if (header.Length > MaxHeaderLength)
        {
            reason = "authorization header too long";
            return false;
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            reason = "not a Basic authorization header";
            return false;
        }

        var encoded = header.AsSpan(6).Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, encoded.Length));
        try
        {
            if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, buffer, out var length))
            {
                reason = "credentials are not valid base64";
                return false;
            }

            string decoded;
            try
            {
                decoded = StrictUtf8.GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                reason = "credentials are not valid UTF-8";
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                reason = "credentials have no colon";
                return false;
            }

            username = decoded[..colon];
            password = decoded[(colon + 1)..];
            reason = string.Empty;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
