namespace DeskMirror.Discovery.Internal;

/// <summary>One question of a query; <see cref="Unicast"/> when the asker set the QU bit.</summary>
internal sealed record DnsQuestion(string Name, ushort Type, bool Unicast);
