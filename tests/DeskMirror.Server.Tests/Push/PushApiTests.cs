using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Push;
using DeskMirror.Server.Push.Internal;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Tests.Push;

/// <summary>The push routes through the real server: key, subscribe (upsert, cap), delete, and every bad input.</summary>
public sealed class PushApiTests
{
    private static readonly string DeviceKey = NewDeviceKey();
    private static readonly string Secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task Key_BothListeners_GiveTheSameUncompressedP256Point()
    {
        await using var server = await TestAppServer.StartAsync();

        var desktop = await KeyAsync(server.Desktop);
        var mirror = await KeyAsync(server.Mirror);

        Assert.Equal(desktop, mirror);
        var point = Base64Url.DecodeFromChars(desktop);
        Assert.Equal(65, point.Length);
        Assert.Equal(0x04, point[0]);
        using var key = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } });
    }

    [Fact]
    public async Task Key_WithoutCredentials_Is401()
    {
        await using var server = await TestAppServer.StartAsync();
        using var response = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync("/push/key").DefaultTimeout("GET /push/key");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Subscribe_SameEndpointTwice_KeepsOneSubscriptionWithTheSameId()
    {
        await using var server = await TestAppServer.StartAsync();

        using var first = await PostAsync(server.Desktop, Body("https://push.example.test/send/abc"));
        using var second = await PostAsync(server.Desktop, Body("https://push.example.test/send/abc"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = await IdAsync(first);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"/push/subscription/{id}", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, await IdAsync(second));
        Assert.Equal(1, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Subscribe_FromEachListener_RecordsTheListener()
    {
        await using var server = await TestAppServer.StartAsync();

        using var desktop = await PostAsync(server.Desktop, Body("https://push.example.test/desktop"));
        using var mirror = await PostAsync(server.Mirror, Body("https://push.example.test/mirror"));

        var store = server.GetService<PushSubscriptionStore>();
        var desktopOnly = await store.ListAsync(PushAudience.DesktopOnly, CancellationToken.None);
        var all = await store.ListAsync(PushAudience.AllDevices, CancellationToken.None);
        Assert.Equal("https://push.example.test/desktop", Assert.Single(desktopOnly).Endpoint);
        Assert.Equal([RequestMode.Desktop, RequestMode.Mirror], all.Select(s => s.Mode));
    }

    [Fact]
    public async Task Subscribe_SameEndpointFromTheMirror_TakesTheSubscriptionToTheMirror()
    {
        await using var server = await TestAppServer.StartAsync();
        using var desktop = await PostAsync(server.Desktop, Body("https://push.example.test/moved"));
        using var mirror = await PostAsync(server.Mirror, Body("https://push.example.test/moved"));

        Assert.Equal(await IdAsync(desktop), await IdAsync(mirror));
        Assert.Empty(await server.GetService<PushSubscriptionStore>().ListAsync(PushAudience.DesktopOnly, CancellationToken.None));
    }

    [Fact]
    public async Task Subscribe_HttpOnLoopback_IsAccepted()
    {
        await using var server = await TestAppServer.StartAsync();
        foreach (var endpoint in new[] { "http://localhost:9/notify/a", "http://127.0.0.1:9/notify/b", "http://127.9.8.7/notify/c", "http://[::1]:9/notify/d" })
        {
            using var response = await PostAsync(server.Mirror, Body(endpoint));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{endpoint}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private const string Endpoint = "https://push.example.test/x";

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "not json", "not valid JSON" },
        { "null", "null body" },
        { "[]", "an array" },
        { """{"endpoint": 5, "keys": {}}""", "endpoint of the wrong type" },
        { Sub(null, DeviceKey, Secret), "no endpoint" },
        { """{"endpoint": "https://push.example.test/x"}""", "no keys" },
        { Sub(Endpoint, null, Secret), "no p256dh" },
        { Sub(Endpoint, DeviceKey, null), "no auth" },
        { Sub("/relative/path", DeviceKey, Secret), "a relative endpoint" },
        { Sub("http://push.example.test/x", DeviceKey, Secret), "http on a foreign host" },
        { Sub("http://localhost.example.test/x", DeviceKey, Secret), "http on a host that only starts with localhost" },
        { Sub("ftp://push.example.test/x", DeviceKey, Secret), "another scheme" },
        { Sub("https://user:pw@push.example.test/x", DeviceKey, Secret), "user information" },
        { Sub("https://push.example.test/" + new string('a', 2100), DeviceKey, Secret), "an overlong endpoint" },
        { Sub(Endpoint, DeviceKey[..^4], Secret), "a short p256dh" },
        { Sub(Endpoint, Base64Url.EncodeToString(new byte[65]), Secret), "a p256dh not in uncompressed form" },
        { Sub(Endpoint, OffCurveKey(), Secret), "a p256dh off the curve" },
        { Sub(Endpoint, DeviceKey, Base64Url.EncodeToString(new byte[15])), "a 15-byte auth" },
        { Sub(Endpoint, DeviceKey, Base64Url.EncodeToString(new byte[17])), "a 17-byte auth" },
        { Sub(Endpoint, DeviceKey, "not base64url!!!!!!!"), "auth not base64url" },
        { Sub(Endpoint, DeviceKey, Secret, "1000"), "an expiry in the past" },
        { Sub(Endpoint, DeviceKey, Secret, "\"soon\""), "an expiry of the wrong type" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Subscribe_BadBody_Is400WithAProblemAndStoresNothing(string body, string what)
    {
        await using var server = await TestAppServer.StartAsync();

        using var response = await PostAsync(server.Mirror, body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), what);
        Assert.Equal(0, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Subscribe_OversizedBody_Is413_WithOrWithoutContentLength()
    {
        await using var server = await TestAppServer.StartAsync();
        var huge = Body("https://push.example.test/x").Replace("\"endpoint\"", $"\"padding\": \"{new string('x', PushApi.MaxBodyBytes)}\", \"endpoint\"", StringComparison.Ordinal);

        using var sized = await PostAsync(server.Desktop, huge);
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/push/subscription") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await server.Desktop.SendAsync(request).DefaultTimeout("chunked POST");

        await ProblemAssert.IsProblemAsync(sized, HttpStatusCode.RequestEntityTooLarge);
        await ProblemAssert.IsProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Subscribe_AtTheCap_Is409UntilOneIsDeleted()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder => builder.Services.Configure<PushOptions>(options => options.MaxSubscriptions = 2),
        });
        using var first = await PostAsync(server.Desktop, Body("https://push.example.test/1"));
        using var second = await PostAsync(server.Mirror, Body("https://push.example.test/2"));

        using var third = await PostAsync(server.Mirror, Body("https://push.example.test/3"));
        using var again = await PostAsync(server.Mirror, Body("https://push.example.test/2"));
        await ProblemAssert.IsProblemAsync(third, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var delete = await server.Mirror.DeleteAsync($"/push/subscription/{await IdAsync(second)}").DefaultTimeout("DELETE");
        using var retry = await PostAsync(server.Mirror, Body("https://push.example.test/3"));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
    }

    [Fact]
    public async Task Delete_OwnSubscription_Is204ThenGone()
    {
        await using var server = await TestAppServer.StartAsync();
        using var created = await PostAsync(server.Mirror, Body("https://push.example.test/mine"));
        var id = await IdAsync(created);

        using var delete = await server.Mirror.DeleteAsync($"/push/subscription/{id}").DefaultTimeout("DELETE");
        using var again = await server.Mirror.DeleteAsync($"/push/subscription/{id}").DefaultTimeout("DELETE again");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
        Assert.Equal(0, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("abc%2Fdef")]
    public async Task Delete_UnknownId_Is404WithAProblem(string id)
    {
        await using var server = await TestAppServer.StartAsync();
        using var response = await server.Desktop.DeleteAsync($"/push/subscription/{id}").DefaultTimeout("DELETE unknown");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_DesktopSubscriptionFromTheMirror_Is404AndKeepsIt()
    {
        await using var server = await TestAppServer.StartAsync();
        using var created = await PostAsync(server.Desktop, Body("https://push.example.test/desk"));
        var id = await IdAsync(created);

        using var fromMirror = await server.Mirror.DeleteAsync($"/push/subscription/{id}").DefaultTimeout("DELETE from the mirror");
        await ProblemAssert.IsProblemAsync(fromMirror, HttpStatusCode.NotFound);
        using var fromDesktop = await server.Desktop.DeleteAsync($"/push/subscription/{id.ToUpperInvariant()}/").DefaultTimeout("DELETE other spelling");
        await ProblemAssert.IsProblemAsync(fromDesktop, HttpStatusCode.NotFound);
        Assert.Equal(1, await server.GetService<PushSubscriptionStore>().CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Subscriptions_SurviveARestart()
    {
        await using var server = await TestAppServer.StartAsync();
        using var created = await PostAsync(server.Mirror, Body("https://push.example.test/kept"));
        var id = await IdAsync(created);

        await server.RestartAsync();

        using var again = await PostAsync(server.Mirror, Body("https://push.example.test/kept"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, await IdAsync(again));
    }

    internal static string Body(string endpoint) => Sub(endpoint, DeviceKey, Secret, "null");

    /// <summary>A PushSubscription JSON; a null member is left out.</summary>
    private static string Sub(string? endpoint, string? p256dh, string? auth, string? expirationTime = null)
    {
        var keys = new List<string>();
        if (p256dh is not null)
        {
            keys.Add("\"p256dh\": " + Json.Quote(p256dh));
        }

        if (auth is not null)
        {
            keys.Add("\"auth\": " + Json.Quote(auth));
        }

        var members = new List<string>();
        if (endpoint is not null)
        {
            members.Add("\"endpoint\": " + Json.Quote(endpoint));
        }

        if (expirationTime is not null)
        {
            members.Add("\"expirationTime\": " + expirationTime);
        }

        members.Add("\"keys\": {" + string.Join(", ", keys) + "}");
        return "{" + string.Join(", ", members) + "}";
    }

    internal static async Task<string> KeyAsync(HttpClient client)
        => JsonNode.Parse(await client.GetStringAsync("/push/key").DefaultTimeout("GET /push/key"))!["publicKey"]!.GetValue<string>();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
        => await client.PostAsync("/push/subscription", Json.Body(body)).DefaultTimeout("POST /push/subscription");

    private static async Task<string> IdAsync(HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

    private static string NewDeviceKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var q = key.ExportParameters(false).Q;
        return Base64Url.EncodeToString([0x04, .. q.X!, .. q.Y!]);
    }

    private static string OffCurveKey()
    {
        var point = Base64Url.DecodeFromChars(DeviceKey);
        point[64] ^= 0x01;
        return Base64Url.EncodeToString(point);
    }
}
