using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DeskMirror.TestSupport;

/// <summary>
/// Waits for a condition that no event announces (another process's state, a kernel table, a counter of a
/// library that raises nothing). Anything that does raise an event is awaited through it instead.
/// </summary>
public static class Poll
{
    /// <summary>How often the condition is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), what, timeout, filePath, lineNumber);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan;
        var started = Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(Interval);
        while (!await condition())
        {
            if (started.Elapsed > limit)
            {
                throw new TimeoutException(TaskTimeoutExtensions.Message(limit, what, filePath, lineNumber));
            }

            await ticks.WaitForNextTickAsync();
        }
    }
}
