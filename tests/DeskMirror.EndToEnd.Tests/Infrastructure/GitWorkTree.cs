using System.Diagnostics;
using System.Text;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>A real git repository in a project folder, built with the git CLI, holding every kind of change.</summary>
public static class GitWorkTree
{
    /// <summary>
    /// Commits a first state, then leaves Greeter.cs (modified), added.txt (staged), deleted.txt, new-name.txt (renamed from
    /// old-name.txt), untracked.txt, image.bin (binary) and big.txt (a 20,000-line change) changed.
    /// </summary>
    public static async Task CreateWithEveryKindOfChangeAsync(string folder)
    {
        await GitAsync(folder, "init", "-q", "-b", "main");
        Write(folder, "Greeter.cs", "using System;\n\nclass Greeter\n{\n    string Greet() => \"hello\";\n}\n");
        Write(folder, "deleted.txt", "gone 1\ngone 2\n");
        Write(folder, "old-name.txt", "moving 1\nmoving 2\nmoving 3\n");
        Write(folder, "big.txt", "small\n");
        await File.WriteAllBytesAsync(Path.Combine(folder, "image.bin"), [0x89, 0x50, 0x4e, 0x47, 0, 0, 1]);
        await GitAsync(folder, "add", "-A");
        await GitAsync(folder, "commit", "-q", "-m", "first");

        Write(folder, "Greeter.cs", "using System;\n\nclass Greeter\n{\n    string Greet() => \"hello, phone\";\n\n    int Count => 42;\n}\n");
        Write(folder, "added.txt", "new 1\nnew 2\n");
        Write(folder, "untracked.txt", "loose\n");
        var big = new StringBuilder();
        for (var i = 1; i <= 20_000; i++)
        {
            big.Append("line ").Append(i).Append('\n');
        }

        Write(folder, "big.txt", big.ToString());
        await File.WriteAllBytesAsync(Path.Combine(folder, "image.bin"), [0x89, 0x50, 0x4e, 0x47, 0, 0, 2, 3]);
        File.Delete(Path.Combine(folder, "deleted.txt"));
        await GitAsync(folder, "add", "added.txt");
        await GitAsync(folder, "mv", "old-name.txt", "new-name.txt");
    }

    public static void Write(string folder, string relative, string text)
        => File.WriteAllText(Path.Combine(folder, relative), text);

    private static async Task GitAsync(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
