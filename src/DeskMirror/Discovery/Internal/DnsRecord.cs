namespace DeskMirror.Discovery.Internal;

/// <summary>One resource record to send: its owner name, type, whether it is unique to this host (cache-flush), TTL and wire data.</summary>
internal sealed record DnsRecord(string Name, ushort Type, bool Unique, uint Ttl, byte[] Data);
