using System.Diagnostics;
using System.Text;

namespace DeskMirror.Server.Tests.Changes;

/// <summary>A real git repository in a folder the test owns, built with the real git CLI.</summary>
public sealed class GitRepo
{
    private GitRepo(string path) => Path = path;

    public string Path { get; }

    public static async Task<GitRepo> InitAsync(string path)
    {
        Directory.CreateDirectory(path);
        var repo = new GitRepo(path);
        await repo.GitAsync("init", "-q", "-b", "main");
        return repo;
    }

    public string FullPath(string relative) => System.IO.Path.Combine(Path, relative);

    public GitRepo Write(string relative, string text)
    {
        var full = FullPath(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public GitRepo WriteBytes(string relative, byte[] bytes)
    {
        var full = FullPath(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return this;
    }

    public async Task CommitAllAsync(string message = "commit")
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", message);
    }

    /// <summary>Runs git here with a fixed identity and no user or system config; throws with its error on failure.</summary>
    public async Task<string> GitAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    /// <summary>Lines "line 1" … "line N", each ending in a newline.</summary>
    public static string Lines(int count, string prefix = "line")
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(prefix).Append(' ').Append(i).Append('\n');
        }

        return text.ToString();
    }
}
