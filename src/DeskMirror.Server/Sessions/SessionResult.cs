using System.Diagnostics.CodeAnalysis;

namespace DeskMirror.Server.Sessions;

/// <summary>The outcome of a session operation that yields a value: the value, or the <see cref="SessionError"/> that stopped it.</summary>
public sealed class SessionResult<T>
    where T : class
{
    internal SessionResult(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    internal SessionResult(SessionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The value; set exactly when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why it failed; set exactly when not <see cref="Succeeded"/>.</summary>
    public SessionError? Error { get; }

    /// <summary>True with a <see cref="Value"/>, false with an <see cref="Error"/>.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;
}
