using System.Net;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Requests shaped like a browser's (Fetch Metadata headers), and cookie helpers.</summary>
public static class BrowserRequests
{
    /// <summary>A top-level page load.</summary>
    public static HttpRequestMessage Navigate(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Dest", "document");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        return request;
    }

    /// <summary>A script's fetch; <paramref name="origin"/> is added when given.</summary>
    public static HttpRequestMessage Fetch(HttpMethod method, string path, Uri? origin = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin.GetLeftPart(UriPartial.Authority));
        }

        return request;
    }

    /// <summary>The sign-in form post.</summary>
    public static HttpRequestMessage SignIn(Uri origin, string username, string password, string returnUrl = "/")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = username,
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }),
        };
        request.Headers.Add("Origin", origin.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        return request;
    }

    /// <summary>The Set-Cookie header for <paramref name="name"/>, or null.</summary>
    public static string? SetCookie(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal) && !v.StartsWith(name + "=;", StringComparison.Ordinal))
            : null;

    /// <summary>The "name=value" pair of a cookie in a jar.</summary>
    public static string? CookiePair(CookieContainer cookies, Uri address, string name)
    {
        var cookie = cookies.GetCookies(address).FirstOrDefault(c => c.Name == name);
        return cookie is null ? null : $"{cookie.Name}={cookie.Value}";
    }
}
