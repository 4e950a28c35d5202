using DeskMirror.Server.Auth;
using DeskMirror.Settings;

namespace DeskMirror.Credentials;

/// <summary>
/// Resolves username and password, each on its own, in this order: the settings file →
/// <c>DESKMIRROR_*</c> then <c>OPENCODE_SERVER_*</c> from this process → the same from the login shell
/// (only read when something is still missing) → defaults: <c>deskmirror</c> and a random password that
/// is generated once and saved in the settings file.
/// </summary>
internal sealed class CredentialResolver
{
    private readonly CredentialResolverOptions _options;

    public CredentialResolver(CredentialResolverOptions options) => _options = options;

    /// <summary>Why the login shell gave nothing, when it was asked and failed; null otherwise.</summary>
    public string? LoginShellProblem { get; private set; }

    /// <summary>Resolves; when the password falls through to the default, generates one and saves it through <paramref name="store"/>.</summary>
    public async Task<ResolvedCredentials> ResolveAsync(DeskMirrorSettings settings, SettingsStore store, CancellationToken cancellationToken = default)
    {
        var username = FromSettings(settings.Username) ?? FromProcess(CredentialVariables.Usernames);
        var password = FromSettings(settings.Password) ?? FromProcess(CredentialVariables.Passwords);

        if (username is null || password is null)
        {
            var shell = await LoginShellEnvironment.ReadAsync(_options.Shell, CredentialVariables.All, _options.LoginShellTimeout, cancellationToken);
            LoginShellProblem = shell.Problem;
            username ??= FromShell(shell.Values, CredentialVariables.Usernames);
            password ??= FromShell(shell.Values, CredentialVariables.Passwords);
        }

        username ??= (SettingsDefaults.Username, new CredentialSource(CredentialSourceKind.Default));
        if (password is null)
        {
            var generated = PasswordGenerator.Generate();
            // Saved at once so the next start (and `deskmirror mirror`) signs in with the same password.
            store.Update(current => current with { Password = generated });
            password = (generated, new CredentialSource(CredentialSourceKind.Generated));
        }

        return new ResolvedCredentials(username.Value.Value, username.Value.Source, password.Value.Value, password.Value.Source);
    }

    private static (string Value, CredentialSource Source)? FromSettings(string? value)
        => string.IsNullOrEmpty(value) ? null : (value, new CredentialSource(CredentialSourceKind.SettingsFile));

    private (string Value, CredentialSource Source)? FromProcess(IReadOnlyList<string> variables)
    {
        foreach (var variable in variables)
        {
            if (_options.GetProcessVariable(variable) is { Length: > 0 } value)
            {
                return (value, new CredentialSource(CredentialSourceKind.ProcessEnvironment, variable));
            }
        }

        return null;
    }

    private static (string Value, CredentialSource Source)? FromShell(IReadOnlyDictionary<string, string> values, IReadOnlyList<string> variables)
    {
        foreach (var variable in variables)
        {
            if (values.TryGetValue(variable, out var value) && value.Length > 0)
            {
                return (value, new CredentialSource(CredentialSourceKind.LoginShell, variable));
            }
        }

        return null;
    }
}
