using System.Text;
using System.Text.RegularExpressions;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Docs;

/// <summary>
/// Every shell command in README.md and docs/*.md is run against a started DeskMirror, or — for a synopsis —
/// each option it shows must be one the command accepts, so the documentation cannot drift from the program.
/// </summary>
/// <remarks>
/// The commands run as written, with what a test machine needs instead of a user's: the docs' mirror port
/// 4096 is the test instance's port, a command that serves until stopped is stopped once it serves (and must
/// then exit 0), <c>dotnet run --project src/DeskMirror --</c> is the built <c>deskmirror</c>, and <c>opencode</c> is a
/// stand-in HTTP server. The package and tool install commands are run by <c>.ci/run</c> before the tests.
/// </remarks>
[Trait("Category", "Docs")]
public sealed partial class DocsCommandsTests(DocsInstance instance) : IClassFixture<DocsInstance>
{
    /// <summary>Commands shown in the docs that this test does not run, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotRunHere = new(StringComparer.Ordinal)
    {
        ["bash .ci/run"] = "it is the CI run that runs this test",
        ["dotnet pack src/DeskMirror -c Release -o ./artifacts"] = ".ci/run runs it before the tests, which it would slow down",
        ["dotnet tool install -g --add-source ./artifacts DeskMirror"] = ".ci/run runs it (to a temporary tool path) after the pack",
    };

    public static TheoryData<string> DocumentsWithCommands()
    {
        var data = new TheoryData<string>();
        foreach (var file in Documents().Where(f => Commands(f).Any(c => !c.IsSynopsis)))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot, file));
        }

        return data;
    }

    [Fact]
    public void Docs_ShowShellCommands_AndTheRunnerFindsThem()
    {
        var all = Documents().SelectMany(Commands).ToList();

        Assert.Contains(all, c => c.File == "README.md" && c.Text.StartsWith("curl ", StringComparison.Ordinal));
        Assert.Contains(all, c => c.IsSynopsis && c.Text.StartsWith("deskmirror proxy --listen", StringComparison.Ordinal));
        Assert.All(NotRunHere.Keys, skipped => Assert.Contains(all, c => c.Text == skipped));
    }

    [Fact]
    public async Task Synopses_ShowOnlyOptionsTheCommandAccepts()
    {
        var synopses = Documents().SelectMany(Commands).Where(c => c.IsSynopsis).ToList();
        Assert.NotEmpty(synopses);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var synopsis in synopses)
        {
            var words = synopsis.Words;
            Assert.True(words[0] == "deskmirror", $"{synopsis.Where}: a synopsis of something other than deskmirror: {synopsis.Text}");
            var command = words.Count > 1 && Subcommands.Contains(words[1]) ? words[1] : "";
            if (!help.TryGetValue(command, out var text))
            {
                var (code, stdout, stderr) = await DeskMirrorCli.RunPlainAsync([.. command.Length > 0 ? [command] : Array.Empty<string>(), "--help"]);
                Assert.True(code == 0, $"deskmirror {command} --help exited {code}: {stderr}");
                help[command] = text = stdout;
            }

            foreach (var option in OptionPattern().Matches(synopsis.Unquoted).Select(m => m.Value).Distinct())
            {
                Assert.True(
                    Regex.IsMatch(text, $@"(^|[\s,|]){Regex.Escape(option)}(?![\w-])", RegexOptions.Multiline),
                    $"{synopsis.Where}: 'deskmirror {command}' does not accept {option}; its --help:\n{text}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DocumentsWithCommands))]
    public async Task Commands_RunAgainstAStartedDeskMirror_Succeed(string document)
    {
        var commands = Commands(Path.Combine(RepositoryRoot, document)).Where(c => !c.IsSynopsis && !NotRunHere.ContainsKey(c.Text)).ToList();
        var script = new StringBuilder(instance.Preamble);
        foreach (var command in commands)
        {
            script.Append("echo ").Append(Quote($"$ {command.Text}    [{command.Where}]")).Append('\n');
            script.Append(Rewrite(command.Text)).Append('\n');
        }

        var folder = instance.Home.CreateFolder("work", document.Replace('/', '-'));
        var (code, output) = await instance.RunScriptAsync(script.ToString(), folder);

        Assert.True(code == 0, $"a command of {document} failed (exit {code}); the last line starting with $ is the one:\n{output}");
    }

    private static readonly HashSet<string> Subcommands = ["status", "pair", "mirror", "proxy"];

    /// <summary>What a command becomes on a test machine; see the class remarks.</summary>
    private static string Rewrite(string text)
    {
        text = text.Replace("dotnet run --project src/DeskMirror --", "deskmirror", StringComparison.Ordinal);
        var words = DocCommand.FromText(text).Words;
        var command = words.Count > 1 && Subcommands.Contains(words[1]) ? words[1] : "";
        var serves = words[0] == "deskmirror" && command is not ("status" or "pair") && !words.Contains("--help") && !words.Contains("--version");
        if (!serves)
        {
            return text.Replace(":4096", ":$MIRROR_PORT", StringComparison.Ordinal);
        }

        if (command is "proxy" or "mirror")
        {
            text = PortPattern().Replace(text, m => m.Value == "8080" ? "$UPSTREAM_PORT" : "$SPARE_PORT");
            if (command == "mirror" && !words.Contains("--port"))
            {
                text += " --port $SPARE_PORT";
            }
        }
        else
        {
            text = text.Replace("4096", "$MIRROR_PORT", StringComparison.Ordinal);
        }

        return "serve_briefly " + text + (command == "proxy" ? "" : " --no-mdns");
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    internal static string RepositoryRoot { get; } = FindRoot();

    private static IEnumerable<string> Documents()
        => new[] { Path.Combine(RepositoryRoot, "README.md") }.Concat(Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal));

    private static IEnumerable<DocCommand> Commands(string file) => DocCommand.ReadAll(RepositoryRoot, file);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DeskMirror.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no DeskMirror.slnx above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"\b(4096|4097|8080)\b")]
    private static partial Regex PortPattern();
}
