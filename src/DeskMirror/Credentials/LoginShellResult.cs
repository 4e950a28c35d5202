namespace DeskMirror.Credentials;

/// <summary>The variables the login shell set and, when it could not be used, why.</summary>
internal sealed record LoginShellResult(IReadOnlyDictionary<string, string> Values, string? Problem);
