namespace DeskMirror.Server.Storage;

/// <summary>One step of the schema: applied once, in order, inside a transaction; its version becomes <c>PRAGMA user_version</c>.</summary>
/// <param name="Version">1, 2, 3… without gaps.</param>
/// <param name="Name">What it does, for the log.</param>
/// <param name="Sql">The statements to run.</param>
public sealed record Migration(int Version, string Name, string Sql);
