using System.Runtime.InteropServices;

namespace DeskMirror.Pty;

/// <summary>The child could not be started; the message says why in words a user understands.</summary>
public sealed class PtyStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PtyStartException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PtyStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PtyStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the C library's error number.</summary>
    public PtyStartException(string message, int errorNumber)
        : base(message) => ErrorNumber = errorNumber;

    /// <summary>errno of the failing call, 0 when none.</summary>
    public int ErrorNumber { get; }

    internal static PtyStartException FromErrno(string call, int errorNumber)
        => new($"{call} failed: {Marshal.GetPInvokeErrorMessage(errorNumber)} (errno {errorNumber}).", errorNumber);
}
