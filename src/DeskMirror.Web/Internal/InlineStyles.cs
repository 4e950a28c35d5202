namespace DeskMirror.Web.Internal;

/// <summary>
/// Stylesheets inlined into the two documents that stand alone: the sign-in page (the one a signed-out browser
/// may load; the server answers every other route, assets included, with a redirect to it) and the offline page
/// (the service worker serves it when the server cannot be reached, so it can load nothing else).
/// </summary>
internal static class InlineStyles
{
    private static readonly Lazy<string> SignInCss = new(() => Read("DeskMirror.Web.wwwroot.css.signin.css"));

    private static readonly Lazy<string> OfflineCss = new(() => Read("DeskMirror.Web.wwwroot.css.offline.css"));

    private static readonly Lazy<string> TrustCss = new(() => Read("DeskMirror.Web.wwwroot.css.trust.css"));

    public static string SignIn => SignInCss.Value;

    public static string Offline => OfflineCss.Value;

    /// <summary>The trust page's stylesheet, inlined for the same reason.</summary>
    public static string Trust => TrustCss.Value;

    private static string Read(string resource)
    {
        using var stream = typeof(InlineStyles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
