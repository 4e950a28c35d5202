using System.Text.Encodings.Web;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>The plain built-in sign-in page (the UI may replace it). Field names and autocomplete hints suit password managers.</summary>
internal static class SignInPage
{
    public static string Render(string returnUrl, string? error)
    {
        var message = error switch
        {
            "invalid" => "Wrong username or password.",
            "link" => "This sign-in link is invalid, used or expired. Sign in with the password, or ask the desktop for a new link.",
            _ => null,
        };
        var encoder = HtmlEncoder.Default;
        var errorHtml = message is null ? string.Empty : $"<p role=\"alert\" class=\"error\">{encoder.Encode(message)}</p>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · DeskMirror</title>
            <style>
            body{font-family:system-ui,sans-serif;display:flex;min-height:100vh;margin:0;align-items:center;justify-content:center;background:#f4f4f5}
            form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;display:grid;gap:.75rem;width:min(20rem,90vw)}
            input{font-size:1rem;padding:.5rem}button{font-size:1rem;padding:.6rem}.error{color:#b91c1c;margin:0}
            </style>
            </head>
            <body>
            <form method="post" action="/auth/sign-in">
            <h1>DeskMirror</h1>
            {{errorHtml}}
            <label for="username">Username</label>
            <input id="username" name="username" autocomplete="username" required autofocus>
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <input type="hidden" name="returnUrl" value="{{encoder.Encode(returnUrl)}}">
            <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
    }

    /// <summary>Only a local path may be a redirect target (no open redirect to another site).</summary>
    public static string SafeReturnUrl(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '/' || value.StartsWith("//", StringComparison.Ordinal)
            || value.StartsWith("/\\", StringComparison.Ordinal) || value.Length > 2048 || value.Any(char.IsControl))
        {
            return "/";
        }

        return value;
    }
}
