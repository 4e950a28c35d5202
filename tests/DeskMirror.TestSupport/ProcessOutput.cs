namespace DeskMirror.TestSupport;

/// <summary>Every line a child process printed (stdout and stderr), and waits for a line to come.</summary>
public sealed class ProcessOutput
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly Lock _lock = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public void Add(string line)
    {
        List<TaskCompletionSource<string>> found = [];
        lock (_lock)
        {
            _lines.Add(line);
            _waiters.RemoveAll(waiter =>
            {
                if (!waiter.Match(line))
                {
                    return false;
                }

                found.Add(waiter.Found);
                return true;
            });
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(line);
        }
    }

    /// <summary>The first line, already printed or still to come, that matches; a timeout names <paramref name="what"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"deskmirror never printed {what}:\n{Text}", ex);
        }
    }
}
