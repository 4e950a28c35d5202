using System.Net;
using System.Text.Json.Nodes;
using DeskMirror.Server.Changes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Changes;

/// <summary><c>GET /project/{id}/changes</c> and its diffs against a real repository, on both listeners.</summary>
public sealed class ChangesApiTests(ChangesScenario scenario) : IClassFixture<ChangesScenario>
{
    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Changes_EveryKindOfChange_ListedWithStatusAndCounts(RequestMode mode)
    {
        using var response = await scenario.Server.CreateClient(mode).GetAsync($"/project/{scenario.ProjectId}/changes").DefaultTimeout("GET changes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("main", body["branch"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{40}$", body["head"]!.GetValue<string>());
        Assert.False(body["truncated"]!.GetValue<bool>());
        var files = body["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!.AsObject());

        AssertFile(files, "modified.txt", "modified", 2, 1);
        AssertFile(files, "added.txt", "added", 3, 0);
        AssertFile(files, "deleted.txt", "deleted", 0, 2);
        AssertFile(files, "new-name.txt", "renamed", 0, 0);
        Assert.Equal("old-name.txt", files["new-name.txt"]["oldPath"]!.GetValue<string>());
        AssertFile(files, "untracked.txt", "untracked", 2, 0);
        AssertFile(files, "big.txt", "modified", 20_000, 1);
        AssertFile(files, "image.bin", "modified", 0, 0, binary: true);
        AssertFile(files, "outside-link", "untracked", 1, 0);
        AssertFile(files, "outside-dir", "untracked", 1, 0);
        AssertFile(files, "both.txt", "modified", 2, 0);
        Assert.False(files["modified.txt"].ContainsKey("oldPath"), "oldPath is left out when there is none");
        Assert.DoesNotContain("debug.log", files.Keys);
        Assert.DoesNotContain("dir/keep.txt", files.Keys);
        Assert.DoesNotContain("old-name.txt", files.Keys);
        Assert.Equal(10, files.Count);
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), files.Keys);
    }

    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task Diff_Modified_UnifiedDiffAgainstHead(RequestMode mode)
    {
        var (response, text) = await GetDiffAsync(mode, "modified.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("diff --git a/modified.txt b/modified.txt\n", text, StringComparison.Ordinal);
        Assert.Contains("\n--- a/modified.txt\n+++ b/modified.txt\n", text, StringComparison.Ordinal);
        Assert.Contains("\n-b\n+B\n c\n+d\n", text, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains(DiffMarker.Header));
    }

    [Fact]
    public async Task Diff_AddedDeletedRenamedUntracked_EachShownAsSuch()
    {
        var (_, added) = await GetDiffAsync(RequestMode.Mirror, "added.txt");
        Assert.Contains("new file mode 100644", added, StringComparison.Ordinal);
        Assert.Contains("+new 3\n", added, StringComparison.Ordinal);

        var (_, deleted) = await GetDiffAsync(RequestMode.Mirror, "deleted.txt");
        Assert.Contains("deleted file mode 100644", deleted, StringComparison.Ordinal);
        Assert.Contains("-gone 2\n", deleted, StringComparison.Ordinal);

        var (_, renamed) = await GetDiffAsync(RequestMode.Mirror, "new-name.txt");
        Assert.Contains("rename from old-name.txt\nrename to new-name.txt", renamed, StringComparison.Ordinal);

        var (_, untracked) = await GetDiffAsync(RequestMode.Mirror, "untracked.txt");
        Assert.Contains("new file mode", untracked, StringComparison.Ordinal);
        Assert.Contains("--- /dev/null\n+++ b/untracked.txt\n", untracked, StringComparison.Ordinal);
        Assert.Contains("+loose 2\n", untracked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_StagedThenChangedAgain_ShowsBothEditsAgainstHead()
    {
        var (_, text) = await GetDiffAsync(RequestMode.Mirror, "both.txt");

        Assert.Contains("\n first\n+staged\n second\n+unstaged\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_Binary_NamedNotDumped()
    {
        var (response, text) = await GetDiffAsync(RequestMode.Mirror, "image.bin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Binary files a/image.bin and b/image.bin differ", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', text);
        Assert.True(text.Length < 300, text);
    }

    [Fact]
    public async Task Diff_TwentyThousandLines_CutWithTheMarkerLine()
    {
        var (response, text) = await GetDiffAsync(RequestMode.Mirror, "big.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", Assert.Single(response.Headers.GetValues(DiffMarker.Header)));
        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.StartsWith(DiffMarker.Prefix, lines[^2], StringComparison.Ordinal);
        Assert.Equal(ChangesScenario.MaxDiffLines + 1, lines.Length - 1);
        Assert.Contains("+line 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+line 20000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_SymbolicLinkToAFileOutside_ShowsTheLinkNeverTheContent()
    {
        var (response, text) = await GetDiffAsync(RequestMode.Mirror, "outside-link");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("new file mode 120000", text, StringComparison.Ordinal);
        Assert.Contains("+" + Path.Combine(scenario.Outside, "secret.txt"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(ChangesScenario.Secret, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("outside-dir/secret.txt", HttpStatusCode.BadRequest)]
    [InlineData("../outside/secret.txt", HttpStatusCode.BadRequest)]
    [InlineData("..%2Foutside%2Fsecret.txt", HttpStatusCode.BadRequest)]
    [InlineData("dir/../modified.txt", HttpStatusCode.BadRequest)]
    [InlineData("./modified.txt", HttpStatusCode.BadRequest)]
    [InlineData("dir//keep.txt", HttpStatusCode.BadRequest)]
    [InlineData("%00modified.txt", HttpStatusCode.BadRequest)]
    [InlineData("dir/keep.txt", HttpStatusCode.NotFound)]
    [InlineData("debug.log", HttpStatusCode.NotFound)]
    [InlineData("*.txt", HttpStatusCode.NotFound)]
    [InlineData(":(top)modified.txt", HttpStatusCode.NotFound)]
    [InlineData("no-such-file.txt", HttpStatusCode.NotFound)]
    public async Task Diff_PathOutsideOrNotChanged_Refused(string encodedPath, HttpStatusCode status)
    {
        foreach (var mode in new[] { RequestMode.Desktop, RequestMode.Mirror })
        {
            using var response = await scenario.Server.CreateClient(mode)
                .GetAsync($"/project/{scenario.ProjectId}/changes/diff?path={encodedPath}").DefaultTimeout("GET diff");

            var problem = await ProblemAssert.IsProblemAsync(response, status);
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
            Assert.DoesNotContain(ChangesScenario.Secret, problem.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Diff_AbsolutePath_Refused()
    {
        var absolute = Uri.EscapeDataString(Path.Combine(scenario.Outside, "secret.txt"));
        using var outside = await scenario.Server.Mirror.GetAsync($"/project/{scenario.ProjectId}/changes/diff?path={absolute}").DefaultTimeout("GET diff");
        var problem = await ProblemAssert.IsProblemAsync(outside, HttpStatusCode.BadRequest);
        Assert.Contains("relative", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var inside = Uri.EscapeDataString(scenario.Repo.FullPath("modified.txt"));
        using var own = await scenario.Server.Mirror.GetAsync($"/project/{scenario.ProjectId}/changes/diff?path={inside}").DefaultTimeout("GET diff");
        await ProblemAssert.IsProblemAsync(own, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?path=")]
    public async Task Diff_MissingPath_400(string query)
    {
        using var response = await scenario.Server.Mirror.GetAsync($"/project/{scenario.ProjectId}/changes/diff{query}").DefaultTimeout("GET diff");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("?path=", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/changes")]
    [InlineData("/changes/diff?path=modified.txt")]
    public async Task Changes_UnknownProject_404(string route)
    {
        using var response = await scenario.Server.Mirror.GetAsync("/project/no-such-project" + route).DefaultTimeout("GET");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Null(problem["reason"]);
    }

    private async Task<(HttpResponseMessage Response, string Text)> GetDiffAsync(RequestMode mode, string path)
    {
        var response = await scenario.Server.CreateClient(mode)
            .GetAsync($"/project/{scenario.ProjectId}/changes/diff?path={Uri.EscapeDataString(path)}").DefaultTimeout("GET diff " + path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return (response, text);
    }

    private static void AssertFile(Dictionary<string, JsonObject> files, string path, string status, int additions, int deletions, bool binary = false)
    {
        Assert.True(files.TryGetValue(path, out var file), $"{path} is not listed; listed: {string.Join(", ", files.Keys)}");
        Assert.Equal(status, file!["status"]!.GetValue<string>());
        Assert.Equal(additions, file["additions"]!.GetValue<int>());
        Assert.Equal(deletions, file["deletions"]!.GetValue<int>());
        Assert.Equal(binary, file["binary"]!.GetValue<bool>());
    }
}
