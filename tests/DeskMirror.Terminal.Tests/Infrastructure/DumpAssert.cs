using System.Globalization;
using System.Text;

namespace DeskMirror.Terminal.Tests.Infrastructure;

/// <summary>Compares two <see cref="ScreenDump"/>s and fails with every difference listed (up to a limit), not just the first.</summary>
internal static class DumpAssert
{
    public static void Equal(ScreenDump expected, ScreenDump actual, string context, bool attributes = true, bool wrapFlags = true)
    {
        var report = new StringBuilder();
        Check(report, "cursor", $"{expected.CursorX},{expected.CursorY}", $"{actual.CursorX},{actual.CursorY}");
        Check(report, "alternate", expected.Alternate, actual.Alternate);
        Check(report, "title", expected.Title, actual.Title);
        Check(report, "modes", expected.Modes, actual.Modes);
        Check(report, "active screen state", expected.State.Active, actual.State.Active);
        Check(report, "main screen state", expected.State.Normal, actual.State.Normal);
        Lines(report, "line", expected.Lines, actual.Lines, attributes, wrapFlags);
        Lines(report, "main screen line", expected.Normal ?? [], actual.Normal ?? [], attributes, wrapFlags);
        if (report.Length > 0)
        {
            Assert.Fail($"{context}: xterm.js (expected) and the emulator (actual) differ:\n{report}");
        }
    }

    private static void Lines(StringBuilder report, string what, IReadOnlyList<LineDump> expected, IReadOnlyList<LineDump> actual, bool attributes, bool wrapFlags)
    {
        Check(report, what + " count", expected.Count, actual.Count);
        var shown = 0;
        for (var i = 0; i < Math.Min(expected.Count, actual.Count) && shown < 12; i++)
        {
            var e = expected[i];
            var a = actual[i];
            if (e.Text != a.Text)
            {
                report.Append(CultureInfo.InvariantCulture, $"  {what} {i} text:\n    expected |{e.Text}|\n    actual   |{a.Text}|\n");
                shown++;
            }
            else if (wrapFlags && e.Wrapped != a.Wrapped)
            {
                report.Append(CultureInfo.InvariantCulture, $"  {what} {i} wrapped: expected {e.Wrapped}, actual {a.Wrapped} (|{e.Text}|)\n");
                shown++;
            }
            else if (attributes && e.Cells != a.Cells)
            {
                report.Append(CultureInfo.InvariantCulture, $"  {what} {i} cells (|{e.Text}|):\n    expected {e.Cells}\n    actual   {a.Cells}\n");
                shown++;
            }
        }
    }

    private static void Check<T>(StringBuilder report, string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            report.Append(CultureInfo.InvariantCulture, $"  {what}: expected {expected}, actual {actual}\n");
        }
    }
}
