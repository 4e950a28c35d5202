namespace DeskMirror.Server.Tls;

/// <summary>The two routes a device reaches before it trusts the mirror: open on both listeners, and over plain HTTP even when TLS is required.</summary>
public static class TrustPaths
{
    /// <summary>The local authority's certificate (DER).</summary>
    public const string Certificate = "/ca.crt";

    /// <summary>The page that explains how to trust it.</summary>
    public const string Page = "/trust";

    /// <summary>Whether <paramref name="path"/> is one of them, in any case and with or without a trailing slash.</summary>
    public static bool IsTrustPath(string? path)
    {
        var trimmed = path is { Length: > 1 } && path.EndsWith('/') ? path[..^1] : path;
        return string.Equals(trimmed, Certificate, StringComparison.OrdinalIgnoreCase)
            || string.Equals(trimmed, Page, StringComparison.OrdinalIgnoreCase);
    }
}
