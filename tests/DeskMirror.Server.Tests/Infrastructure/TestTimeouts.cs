using System.Runtime.CompilerServices;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>Every await in these tests has a deadline that names where it hung.</summary>
public static class TestTimeouts
{
    /// <summary>Default deadline for one step.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task<T> Within<T>(this Task<T> task, string where, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Timed out waiting for: {where}", ex);
        }
    }

    public static async Task Within(this Task task, string where, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Timed out waiting for: {where}", ex);
        }
    }

    public static Task<T> Within<T>(this ValueTask<T> task, string where, TimeSpan? timeout = null) => task.AsTask().Within(where, timeout);

    /// <summary>Polls a condition until it holds; only for state that raises no event.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, [CallerMemberName] string caller = "")
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{caller}: condition never held: {what}");
            }

            await Task.Delay(20);
        }
    }
}
