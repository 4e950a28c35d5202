using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DeskMirror.EndToEnd.Tests.Infrastructure;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright, which ships it) over the page as it is now, with the WCAG 2.1 A
/// and AA rules. Collect states with <see cref="CheckAsync"/> and fail once at the end with
/// <see cref="AssertClean"/>, so one run lists every violation of every state:
/// <code>
/// var axe = new AxeAudit();
/// await axe.CheckAsync(page, "phone ar: session page");
/// await page.ClickAsync("[data-testid=stop-session]");
/// await axe.CheckAsync(page, "phone ar: stop confirmation");
/// axe.AssertClean();
/// </code>
/// </summary>
public sealed class AxeAudit
{
    /// <summary>The rule tags run: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly List<string> _violations = [];
    private readonly List<string> _states = [];

    /// <summary>The states checked so far, in order.</summary>
    public IReadOnlyList<string> States => _states;

    /// <summary>Runs axe on the page's current state and records what it finds under <paramref name="state"/>.</summary>
    public async Task CheckAsync(IPage page, string state)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Let transitions and the circuit's last render settle: axe judges what is on screen.
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            ResultTypes = [ResultType.Violations],
        });
        _states.Add(state);
        _violations.AddRange(Describe(state, result));
    }

    /// <summary>Fails with every violation found, one readable block per rule and state.</summary>
    public void AssertClean()
        => Assert.True(_violations.Count == 0, $"axe found {_violations.Count} WCAG 2.1 A/AA violation(s) in {_states.Count} states:\n\n" + string.Join("\n", _violations));

    /// <summary>One page state on its own: fails at once with its violations.</summary>
    public static async Task AssertCleanAsync(IPage page, string state)
    {
        var audit = new AxeAudit();
        await audit.CheckAsync(page, state);
        audit.AssertClean();
    }

    private static IEnumerable<string> Describe(string state, AxeResult result)
    {
        foreach (var violation in result.Violations)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"[{state}] {violation.Id} ({violation.Impact}): {violation.Help}\n    {violation.HelpUrl}\n");
            foreach (var node in violation.Nodes)
            {
                var why = string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)));
                text.Append(CultureInfo.InvariantCulture, $"    - {node.Target}: {why}\n      {node.Html}\n");
            }

            yield return text.ToString();
        }
    }
}
