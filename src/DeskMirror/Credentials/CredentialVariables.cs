namespace DeskMirror.Credentials;

/// <summary>The environment variables credentials are read from and handed to sidecars in, in order of precedence.</summary>
internal static class CredentialVariables
{
    public const string DeskMirrorUsername = "DESKMIRROR_USERNAME";
    public const string DeskMirrorPassword = "DESKMIRROR_PASSWORD";
    public const string OpencodeUsername = "OPENCODE_SERVER_USERNAME";
    public const string OpencodePassword = "OPENCODE_SERVER_PASSWORD";

    public static readonly IReadOnlyList<string> Usernames = [DeskMirrorUsername, OpencodeUsername];
    public static readonly IReadOnlyList<string> Passwords = [DeskMirrorPassword, OpencodePassword];
    public static readonly IReadOnlyList<string> All = [DeskMirrorUsername, DeskMirrorPassword, OpencodeUsername, OpencodePassword];
}
