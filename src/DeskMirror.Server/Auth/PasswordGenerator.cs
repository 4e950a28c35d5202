using System.Security.Cryptography;

namespace DeskMirror.Server.Auth;

/// <summary>New random passwords: the desktop's default one and the settings page's "regenerate".</summary>
public static class PasswordGenerator
{
    /// <summary>Length of a generated password; 24 characters of a 56-symbol alphabet is about 139 bits.</summary>
    public const int Length = 24;

    // No look-alikes (0/O, 1/l/I) so the password can be read off a screen and typed on a phone.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
