using System.Security.Cryptography;

namespace DeskMirror.Web.Internal;

/// <summary>New passwords for the settings page's "regenerate" button.</summary>
internal static class Passwords
{
    /// <summary>Letters and digits without look-alikes (0/O, 1/l/I), so a password read off a screen types right.</summary>
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>20 characters of a 56-letter alphabet: about 116 bits.</summary>
    public const int Length = 20;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
