namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>Every await in these tests has a deadline, and a missed one says where it hung.</summary>
internal static class Within
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task Await(this Task task, string where, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"hung: {where}", e);
        }
    }

    public static async Task<T> Await<T>(this Task<T> task, string where, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"hung: {where}", e);
        }
    }

    public static Task Await(this ValueTask task, string where, TimeSpan? timeout = null) => task.AsTask().Await(where, timeout);

    public static Task<T> Await<T>(this ValueTask<T> task, string where, TimeSpan? timeout = null) => task.AsTask().Await(where, timeout);

    /// <summary>Polls a condition that has no event to wait on, until it holds or the deadline passes.</summary>
    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"never became true: {what}");
            }

            await Task.Delay(10);
        }
    }
}
