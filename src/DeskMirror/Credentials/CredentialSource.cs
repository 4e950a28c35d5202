namespace DeskMirror.Credentials;

/// <summary>Where a credential value came from; shown in the status so a surprise can be traced.</summary>
internal enum CredentialSourceKind
{
    SettingsFile,
    ProcessEnvironment,
    LoginShell,
    Default,
    Generated,
}

/// <summary>One value's origin: the kind and, for the environment, the variable's name.</summary>
internal sealed record CredentialSource(CredentialSourceKind Kind, string? Variable = null)
{
    public override string ToString() => Kind switch
    {
        CredentialSourceKind.SettingsFile => "settings file",
        CredentialSourceKind.ProcessEnvironment => $"environment {Variable}",
        CredentialSourceKind.LoginShell => $"login shell {Variable}",
        CredentialSourceKind.Default => "default",
        CredentialSourceKind.Generated => "generated, saved in the settings file",
        _ => Kind.ToString(),
    };
}
