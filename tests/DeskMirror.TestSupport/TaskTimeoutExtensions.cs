using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace DeskMirror.TestSupport;

/// <summary>
/// Every await in a test gets a deadline, and a missed one says where it hung: the file and line of the
/// await, and optionally what was awaited. Use <see cref="DefaultTimeout(Task, string?, string, int)"/>
/// everywhere; <c>TimeoutAfter</c> only where a step is meant to take longer or must be quicker.
/// </summary>
public static class TaskTimeoutExtensions
{
    /// <summary>The one default deadline of a test step: 30 s (10 min under a debugger).</summary>
    public static readonly TimeSpan DefaultTimeoutSpan = Debugger.IsAttached ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.TimeoutAfter(DefaultTimeoutSpan, what, filePath, lineNumber);

    public static Task<T> DefaultTimeout<T>(this Task<T> task, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.TimeoutAfter(DefaultTimeoutSpan, what, filePath, lineNumber);

    public static Task DefaultTimeout(this ValueTask task, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.AsTask().TimeoutAfter(DefaultTimeoutSpan, what, filePath, lineNumber);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.AsTask().TimeoutAfter(DefaultTimeoutSpan, what, filePath, lineNumber);

    public static async Task TimeoutAfter(this Task task, TimeSpan timeout, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw new TimeoutException(Message(timeout, what, filePath, lineNumber), ex);
        }
    }

    public static async Task<T> TimeoutAfter<T>(this Task<T> task, TimeSpan timeout, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw new TimeoutException(Message(timeout, what, filePath, lineNumber), ex);
        }
    }

    public static Task TimeoutAfter(this ValueTask task, TimeSpan timeout, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.AsTask().TimeoutAfter(timeout, what, filePath, lineNumber);

    public static Task<T> TimeoutAfter<T>(this ValueTask<T> task, TimeSpan timeout, string? what = null, [CallerFilePath] string filePath = "", [CallerLineNumber] int lineNumber = 0)
        => task.AsTask().TimeoutAfter(timeout, what, filePath, lineNumber);

    internal static string Message(TimeSpan timeout, string? what, string filePath, int lineNumber)
        => string.Create(CultureInfo.InvariantCulture, $"hung for {timeout.TotalSeconds:0.#} s at {Path.GetFileName(filePath)}:{lineNumber}{(what is null ? "" : $" waiting for {what}")}");
}
