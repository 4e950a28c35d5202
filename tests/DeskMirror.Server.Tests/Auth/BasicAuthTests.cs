using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Auth;

public sealed class BasicAuthTests : IAsyncLifetime
{
    private TestAppServer _server = null!;

    public async Task InitializeAsync() => _server = await TestAppServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Basic_Missing_401WithBasicChallenge(RequestMode mode)
    {
        var client = _server.CreateClient(mode, authenticated: false);

        using var response = await client.GetAsync("/project").DefaultTimeout("GET /project");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=\"DeskMirror\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Basic_Right_200_Wrong_401(RequestMode mode)
    {
        var right = _server.CreateClient(mode);
        var wrongPassword = _server.CreateClient(mode, credentials: new ServerCredentials(_server.Credentials.Username, "nope"));
        var wrongUser = _server.CreateClient(mode, credentials: new ServerCredentials("someone", _server.Credentials.Password));

        using var ok = await right.GetAsync("/project").DefaultTimeout("right");
        using var badPassword = await wrongPassword.GetAsync("/project").DefaultTimeout("wrong password");
        using var badUser = await wrongUser.GetAsync("/project").DefaultTimeout("wrong user");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await ProblemAssert.IsProblemAsync(badPassword, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(badUser, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic ")]
    [InlineData("Basic bm9jb2xvbg==")] // "nocolon"
    [InlineData("Basic //79")] // invalid UTF-8 bytes
    [InlineData("basic")]
    [InlineData("Basic YTpi YTpi")]
    public async Task Basic_Malformed_401Not500(string header)
    {
        var client = _server.CreateClient(RequestMode.Desktop, authenticated: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/project");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        using var response = await client.SendAsync(request).DefaultTimeout("malformed GET");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Basic_Oversized_401Not500()
    {
        var client = _server.CreateClient(RequestMode.Mirror, authenticated: false);
        var huge = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + new string('x', 8000)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", huge);

        using var response = await client.GetAsync("/project").DefaultTimeout("oversized GET");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Basic_PasswordWithColonAndUnicode_Accepted()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { Credentials = new ServerCredentials("ü", "a:b:ç") });

        using var response = await server.Desktop.GetAsync("/project").DefaultTimeout("GET /project");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/project")]
    [InlineData("/no-such-route")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Browser_NavigationWithoutCredentials_RedirectedToSignIn(string path)
    {
        var browser = _server.CreateBrowserClient(RequestMode.Mirror);

        using var response = await browser.SendAsync(BrowserRequests.Navigate(path)).DefaultTimeout("navigation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("cors", "/_blazor/negotiate")]
    [InlineData("websocket", "/_blazor")]
    [InlineData("no-cors", "/_framework/blazor.web.js")]
    public async Task Browser_SubresourceWithoutCredentials_401WithoutBasicPrompt(string fetchMode, string path)
    {
        var browser = _server.CreateBrowserClient(RequestMode.Desktop);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Sec-Fetch-Mode", fetchMode);

        using var response = await browser.SendAsync(request).DefaultTimeout("subresource");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Browser_OldBrowserAcceptingHtml_RedirectedNotPrompted()
    {
        var client = _server.CreateClient(RequestMode.Desktop, authenticated: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request).DefaultTimeout("GET / as html");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
    }
}
