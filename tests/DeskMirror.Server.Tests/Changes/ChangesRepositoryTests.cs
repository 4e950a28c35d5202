using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Server.Changes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Tests.Changes;

/// <summary>Folders that are not a plain repository at its top: none, a sub-folder, no commit yet, no git at all.</summary>
public sealed class ChangesRepositoryTests : IAsyncLifetime
{
    private TestAppServer _server = null!;

    public async Task InitializeAsync() => _server = await TestAppServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/changes")]
    [InlineData("/changes/diff?path=a.txt")]
    public async Task Changes_FolderNotAWorkTree_404SaysSo(string route)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "plain")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "a\n");
        var id = await AddProjectAsync(_server, folder);

        using var response = await _server.Mirror.GetAsync($"/project/{id}{route}").DefaultTimeout("GET");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(ChangesApi.NotAWorkTreeReason, problem["reason"]!.GetValue<string>());
        Assert.Contains("not in a git work tree", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_FolderDeletedAfterAdding_404NotAWorkTree()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "vanishing"));
        var id = await AddProjectAsync(_server, repo.Path);
        Directory.Delete(repo.Path, recursive: true);

        using var response = await _server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(ChangesApi.NotAWorkTreeReason, problem["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Changes_ProjectInASubFolder_ListsOnlyItsFilesWithPathsFromTheTop()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "mono"));
        repo.Write("app/a.txt", "a\n").Write("other/b.txt", "b\n");
        await repo.CommitAllAsync();
        repo.Write("app/a.txt", "a\nmore\n").Write("other/b.txt", "b\nmore\n").Write("app/new.txt", "n\n");
        var id = await AddProjectAsync(_server, repo.FullPath("app"));

        var files = await GetFilesAsync(_server, id);

        Assert.Equal(["app/a.txt", "app/new.txt"], files.Select(f => f!["path"]!.GetValue<string>()));
        using var diff = await _server.Mirror.GetAsync($"/project/{id}/changes/diff?path=app/a.txt").DefaultTimeout("GET diff");
        Assert.Contains("+more", await diff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var outside = await _server.Mirror.GetAsync($"/project/{id}/changes/diff?path=other/b.txt").DefaultTimeout("GET diff");
        await ProblemAssert.IsProblemAsync(outside, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Changes_NoCommitYet_HeadNullAndEverythingAdded()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "fresh"));
        repo.Write("staged.txt", "one\ntwo\n").Write("loose.txt", "x\n");
        await repo.GitAsync("add", "staged.txt");
        var id = await AddProjectAsync(_server, repo.Path);

        using var response = await _server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("main", body["branch"]!.GetValue<string>());
        Assert.Null(body["head"]);
        var staged = body["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == "staged.txt")!;
        Assert.Equal("added", staged["status"]!.GetValue<string>());
        Assert.Equal(2, staged["additions"]!.GetValue<int>());
        using var diff = await _server.Mirror.GetAsync($"/project/{id}/changes/diff?path=staged.txt").DefaultTimeout("GET diff");
        Assert.Contains("+two", await diff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_UntrackedFileEdited_CountsFollow()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "untracked"));
        repo.Write("a.txt", "a\n");
        await repo.CommitAllAsync();
        repo.Write("notes.txt", "one\ntwo\n");
        var id = await AddProjectAsync(_server, repo.Path);
        Assert.Equal(2, (await GetFilesAsync(_server, id)).Single()!["additions"]!.GetValue<int>());

        repo.Write("notes.txt", "one\ntwo\nthree");

        Assert.Equal(3, (await GetFilesAsync(_server, id)).Single()!["additions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Changes_DetachedHead_BranchNull()
    {
        var repo = await GitRepo.InitAsync(Path.Combine(_server.DataDirectory, "detached"));
        repo.Write("a.txt", "a\n");
        await repo.CommitAllAsync();
        await repo.GitAsync("checkout", "-q", "--detach");
        var id = await AddProjectAsync(_server, repo.Path);

        using var response = await _server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Null(body["branch"]);
        Assert.NotNull(body["head"]);
        Assert.Empty(body["files"]!.AsArray());
    }

    [Fact]
    public async Task Changes_GitNotInstalled_503SaysToInstallIt()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = b => b.Services.Configure<ChangesOptions>(o => o.GitExecutable = "/nonexistent/deskmirror-test/git"),
        });
        var folder = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "any")).FullName;
        var id = await AddProjectAsync(server, folder);

        using var response = await server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Install git", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_ManyFiles_CutAtMaxFilesAndSaysTruncated()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = b => b.Services.Configure<ChangesOptions>(o => o.MaxFiles = 3),
        });
        var repo = await GitRepo.InitAsync(Path.Combine(server.DataDirectory, "many"));
        for (var i = 0; i < 5; i++)
        {
            repo.Write($"f{i}.txt", "x\n");
        }

        var id = await AddProjectAsync(server, repo.Path);
        using var response = await server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(body["truncated"]!.GetValue<bool>());
        Assert.Equal(["f0.txt", "f1.txt", "f2.txt"], body["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
    }

    internal static async Task<string> AddProjectAsync(TestAppServer server, string path)
    {
        using var created = await server.Desktop.PostAsJsonAsync("/project", new { path }).DefaultTimeout("POST /project");
        created.EnsureSuccessStatusCode();
        return JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    internal static async Task<JsonArray> GetFilesAsync(TestAppServer server, string id)
    {
        using var response = await server.Mirror.GetAsync($"/project/{id}/changes").DefaultTimeout("GET changes");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["files"]!.AsArray();
    }
}
