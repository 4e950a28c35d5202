using DeskMirror.Server.Hosting;

namespace DeskMirror.Credentials;

/// <summary>The credentials in force and where each value came from.</summary>
internal sealed record ResolvedCredentials(string Username, CredentialSource UsernameSource, string Password, CredentialSource PasswordSource)
{
    public ServerCredentials ToServerCredentials() => new(Username, Password);

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"ResolvedCredentials {{ Username = {Username} ({UsernameSource}), Password from {PasswordSource} }}";
}
