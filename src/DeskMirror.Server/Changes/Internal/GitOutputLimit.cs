namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// How much of git's output to keep: at most <paramref name="MaxBytes"/> bytes and <paramref name="MaxRecords"/> records,
/// cut after a whole record (ended by <paramref name="Separator"/>: <c>\n</c> for a diff, NUL for <c>-z</c> lists).
/// When the cap is reached the process is killed: nothing more is read or kept.
/// </summary>
internal readonly record struct GitOutputLimit(int MaxBytes, int MaxRecords, byte Separator);
