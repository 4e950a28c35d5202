using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Server.Changes;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Server.Tests.Changes;

/// <summary>
/// One real server and one real repository with every kind of change: modified, added, deleted, renamed, untracked,
/// binary, staged and changed again, a 20,000-line change, an ignored file, and symbolic links pointing out of the work tree.
/// </summary>
public sealed class ChangesScenario : IAsyncLifetime
{
    public const string Secret = "the-secret-outside-the-work-tree";

    /// <summary>The diff caps of this server: small enough that the 20,000-line change is cut.</summary>
    public const int MaxDiffLines = 2000;

    public TestAppServer Server { get; private set; } = null!;

    public GitRepo Repo { get; private set; } = null!;

    public string ProjectId { get; private set; } = null!;

    /// <summary>A folder outside the work tree holding <see cref="Secret"/> in secret.txt.</summary>
    public string Outside { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            ConfigureBuilder = builder => builder.Services.Configure<ChangesOptions>(o => o.MaxDiffLines = MaxDiffLines),
        });
        Outside = Directory.CreateDirectory(Path.Combine(Server.DataDirectory, "outside")).FullName;
        await File.WriteAllTextAsync(Path.Combine(Outside, "secret.txt"), Secret + "\n");

        Repo = await GitRepo.InitAsync(Path.Combine(Server.DataDirectory, "repo"));
        Repo.Write("modified.txt", "a\nb\nc\n")
            .Write("deleted.txt", "gone 1\ngone 2\n")
            .Write("old-name.txt", GitRepo.Lines(10, "moving"))
            .Write("big.txt", "small\n")
            .Write("both.txt", "first\nsecond\n")
            .Write("dir/keep.txt", "unchanged\n")
            .Write(".gitignore", "*.log\n")
            .WriteBytes("image.bin", [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]);
        await Repo.CommitAllAsync("first");

        Repo.Write("modified.txt", "a\nB\nc\nd\n")
            .Write("big.txt", GitRepo.Lines(20_000))
            .Write("added.txt", "new 1\nnew 2\nnew 3\n")
            .Write("untracked.txt", "loose 1\nloose 2\n")
            .Write("debug.log", "ignored\n")
            .WriteBytes("image.bin", [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 9, 9, 9, 9]);
        File.Delete(Repo.FullPath("deleted.txt"));
        await Repo.GitAsync("add", "added.txt");
        // Staged and changed again after: the diff against HEAD holds both edits.
        Repo.Write("both.txt", "first\nstaged\nsecond\n");
        await Repo.GitAsync("add", "both.txt");
        Repo.Write("both.txt", "first\nstaged\nsecond\nunstaged\n");
        await Repo.GitAsync("mv", "old-name.txt", "new-name.txt");
        File.CreateSymbolicLink(Repo.FullPath("outside-link"), Path.Combine(Outside, "secret.txt"));
        File.CreateSymbolicLink(Repo.FullPath("outside-dir"), Outside);

        using var created = await Server.Desktop.PostAsJsonAsync("/project", new { path = Repo.Path }).DefaultTimeout("POST /project");
        created.EnsureSuccessStatusCode();
        ProjectId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
