namespace DeskMirror.Tests.TestSupport;

/// <summary>Every await in these tests has a timeout that names where it hung.</summary>
internal static class TimeoutExtensions
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task WithTimeout(this Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung: {what}", ex);
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"hung: {what}", ex);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true; only for things no event announces (another process's state).</summary>
    public static async Task PollUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"hung: {what}");
            }

            await Task.Delay(50);
        }
    }
}
