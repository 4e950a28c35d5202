using System.Reflection;

namespace DeskMirror.Terminal.Tests.Infrastructure;

/// <summary>Where the recorded program outputs and the test's own copy of xterm.js are.</summary>
internal static class TestAssets
{
    public static string BrowserFolder { get; } = typeof(TestAssets).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BrowserAssets").Value!;

    public static string FixtureFolder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>Output recorded from real programs under a PTY (80×24), see Fixtures/README.md.</summary>
    public static IEnumerable<string> FixtureNames =>
        Directory.EnumerateFiles(FixtureFolder, "*.bin").Select(Path.GetFileNameWithoutExtension).Order().Select(n => n!);

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(FixtureFolder, name + ".bin"));
}
