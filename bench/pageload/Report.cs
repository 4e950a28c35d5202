using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Bench.PageLoad;

/// <summary>A figure's median over the repetitions, and its paired ratio to the desktop's (same repetition, then the median).</summary>
internal sealed record Figure(string Name, string Variant, double? Median, double? RatioToDesktop);

internal sealed record BenchReport(
    string Machine,
    string LoadBefore,
    string LoadAfter,
    int Repetitions,
    IReadOnlyList<string> Variants,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<IReadOnlyList<LoadResult>> Runs);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

internal static class Report
{
    public const string Desktop = "desktop";

    private static readonly (string Name, Func<LoadResult, double?> Read)[] Measures =
    [
        ("TCP connections (CDP)", r => r.Connections),
        ("TCP established (kernel)", r => r.TcpEstablished),
        ("TCP bytes down (kernel)", r => r.TcpBytesDown),
        ("TCP bytes up (kernel)", r => r.TcpBytesUp),
        ("HTTP requests", r => r.Requests),
        ("WebSockets", r => r.WebSockets),
        ("HTTP bytes down", r => r.HttpBytesDown),
        ("WebSocket bytes down", r => r.WebSocketBytesDown),
        ("WebSocket bytes up", r => r.WebSocketBytesUp),
        ("DOMContentLoaded ms", r => r.DomContentLoadedMs),
        ("circuit WebSocket open ms", r => r.CircuitOpenMs),
        ("session WebSocket open ms", r => r.SessionStreamOpenMs),
        ("EventSource open ms", r => r.EventSourceOpenMs),
        ("interactive ms", r => r.InteractiveMs),
        ("first output drawn ms", r => r.FirstOutputMs),
    ];

    /// <param name="runs">One list per repetition, each holding one load per variant.</param>
    public static BenchReport Build(IReadOnlyList<string> variants, IReadOnlyList<IReadOnlyList<LoadResult>> runs, string machine, string loadBefore, string loadAfter)
    {
        var figures = new List<Figure>();
        foreach (var (name, read) in Measures)
        {
            foreach (var variant in variants)
            {
                var values = runs.Select(run => read(run.Single(r => r.Variant == variant))).ToList();
                var ratios = runs.Select(run => Ratio(read(run.Single(r => r.Variant == variant)), read(run.Single(r => r.Variant == Desktop)))).ToList();
                figures.Add(new Figure(name, variant, Median(values), variant == Desktop ? 1.0 : Median(ratios)));
            }
        }

        return new BenchReport(machine, loadBefore, loadAfter, runs.Count, variants, figures, runs);
    }

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.BenchReport);

    public static string ToMarkdown(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Page load of a session page, phone viewport, {report.Repetitions} repetitions (medians; ratio = paired mirror ÷ desktop).");
        md.AppendLine(CultureInfo.InvariantCulture, $"{report.Machine}; load before {report.LoadBefore}, after {report.LoadAfter}.");
        md.AppendLine();
        md.Append("| figure |");
        foreach (var variant in report.Variants)
        {
            md.Append(CultureInfo.InvariantCulture, $" {variant} |");
            if (variant != Desktop)
            {
                md.Append(" ratio |");
            }
        }

        md.AppendLine();
        md.Append("|---|");
        foreach (var variant in report.Variants)
        {
            md.Append(variant == Desktop ? "---:|" : "---:|---:|");
        }

        md.AppendLine();
        foreach (var name in report.Figures.Select(f => f.Name).Distinct())
        {
            md.Append(CultureInfo.InvariantCulture, $"| {name} |");
            foreach (var variant in report.Variants)
            {
                var figure = report.Figures.Single(f => f.Name == name && f.Variant == variant);
                md.Append(CultureInfo.InvariantCulture, $" {Format(figure.Median)} |");
                if (variant != Desktop)
                {
                    md.Append(CultureInfo.InvariantCulture, $" {(figure.RatioToDesktop is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "–")} |");
                }
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Format(double? value) => value switch
    {
        null => "–",
        { } v when v == Math.Floor(v) => v.ToString("F0", CultureInfo.InvariantCulture),
        { } v => v.ToString("F1", CultureInfo.InvariantCulture),
    };

    private static double? Ratio(double? value, double? baseline)
        => value is { } v && baseline is { } b && b > 0 ? v / b : null;

    private static double? Median(List<double?> values)
    {
        var present = values.OfType<double>().Order().ToList();
        if (present.Count == 0)
        {
            return null;
        }

        var middle = present.Count / 2;
        return present.Count % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2;
    }
}
