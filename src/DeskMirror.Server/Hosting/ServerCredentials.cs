namespace DeskMirror.Server.Hosting;

/// <summary>Username and password accepted by Basic Auth and the sign-in page.</summary>
public sealed record ServerCredentials(string Username, string Password)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"ServerCredentials {{ Username = {Username} }}";
}
