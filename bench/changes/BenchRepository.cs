using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeskMirror.Bench.Changes;

/// <summary>
/// A git repository of <c>files</c> files in folders of 100, committed, then <c>changed</c> of them changed: four in
/// five modified (a line replaced, one added), one in ten deleted, one in ten new and untracked.
/// </summary>
internal static class BenchRepository
{
    private const int FilesPerFolder = 100;
    private const int LinesPerFile = 40;

    public static async Task<(string Path, string ModifiedFile)> CreateAsync(string root, int files, int changed)
    {
        var path = Directory.CreateDirectory(System.IO.Path.Combine(root, "repo")).FullName;
        await GitAsync(path, "init", "-q", "-b", "main");
        for (var i = 0; i < files; i++)
        {
            var file = FileName(path, i);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, Content(i, edited: false));
        }

        await GitAsync(path, "add", "-A");
        await GitAsync(path, "commit", "-q", "-m", "the start");

        var modified = changed * 8 / 10;
        var deleted = changed / 10;
        var added = changed - modified - deleted;
        // Spread over the tree, as an agent's edits are: every (files / changed)-th file.
        var step = Math.Max(1, files / changed);
        for (var n = 0; n < modified + deleted; n++)
        {
            var file = FileName(path, n * step);
            if (n < modified)
            {
                await File.WriteAllTextAsync(file, Content(n * step, edited: true));
            }
            else
            {
                File.Delete(file);
            }
        }

        for (var n = 0; n < added; n++)
        {
            await File.WriteAllTextAsync(System.IO.Path.Combine(path, $"dir{n % 10:D3}", $"new{n:D4}.cs"), Content(files + n, edited: false));
        }

        // Refresh the index's stat data once, as the user's own git use would: no file is "racily clean" afterwards.
        await GitAsync(path, "status", "--porcelain");
        return (path, System.IO.Path.GetRelativePath(path, FileName(path, 0)));
    }

    /// <summary>Runs git in <paramref name="path"/> and returns its standard output, as a person at the terminal would.</summary>
    public static async Task<string> GitAsync(string path, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false", .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {await error}");
        }

        return await output;
    }

    private static string FileName(string path, int i)
        => System.IO.Path.Combine(path, $"dir{i / FilesPerFolder:D3}", $"file{i:D5}.cs");

    private static string Content(int seed, bool edited)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"// file {seed}\nnamespace Bench;\n\npublic static class C{seed}\n{{\n");
        for (var line = 0; line < LinesPerFile; line++)
        {
            var value = edited && line == LinesPerFile / 2 ? "changed by the agent" : $"value {line}";
            text.Append(CultureInfo.InvariantCulture, $"    public const string L{line} = \"{value}\";\n");
        }

        if (edited)
        {
            text.Append("    public const string Added = \"a new line\";\n");
        }

        return text.Append("}\n").ToString();
    }
}
