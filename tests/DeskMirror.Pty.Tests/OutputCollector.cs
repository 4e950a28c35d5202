using System.Text;

namespace DeskMirror.Pty.Tests;

/// <summary>Collects a child's output and lets a test await a piece of text in it.</summary>
internal sealed class OutputCollector
{
    private readonly Lock _lock = new();
    private readonly List<byte> _bytes = [];
    private readonly List<(string Text, TaskCompletionSource<string> Done)> _waiters = [];

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            _bytes.AddRange(data);
            var text = TextUnlocked();
            foreach (var waiter in _waiters.Where(w => text.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(text);
            }
        }
    }

    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _bytes.Count;
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return TextUnlocked();
            }
        }
    }

    public Task<string> WaitForAsync(string text)
    {
        lock (_lock)
        {
            var current = TextUnlocked();
            if (current.Contains(text, StringComparison.Ordinal))
            {
                return Task.FromResult(current);
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, done));
            return done.Task.DefaultTimeout($"output containing '{text}' (so far: '{current}')");
        }
    }

    private string TextUnlocked() => Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes));
}
