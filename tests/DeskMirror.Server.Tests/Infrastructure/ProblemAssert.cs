using System.Net;
using System.Text.Json.Nodes;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Checks an RFC 9457 problem response.</summary>
public static class ProblemAssert
{
    public static async Task<JsonObject> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["title"]?.GetValue<string>()));
        return body;
    }

    /// <summary>A 403 naming <paramref name="rule"/>.</summary>
    public static async Task ForbiddenByRuleAsync(HttpResponseMessage response, string rule)
    {
        var body = await IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(rule, body["rule"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]?.GetValue<string>()));
    }
}
