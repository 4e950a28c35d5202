using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Discovery.Internal;

/// <summary>
/// The records of one advertisement (RFC 6763): the service-type enumeration PTR, a PTR per service type to its
/// instance, the instance's SRV and TXT, and the host's A/AAAA; and which of them answer a question.
/// </summary>
internal sealed class MdnsZone(MdnsAdvertisement advertisement, Func<IReadOnlyList<IPAddress>> addresses)
{
    /// <summary>TTL of host records (SRV, A, AAAA), as RFC 6762 §10 recommends.</summary>
    public const uint HostTtl = 120;

    /// <summary>TTL of the other records (PTR, TXT).</summary>
    public const uint OtherTtl = 4500;

    private const string ServiceEnumeration = "_services._dns-sd._udp.local";

    private IEnumerable<string> ServiceTypes
    {
        get
        {
            if (advertisement.Https)
            {
                yield return "_https._tcp.local";
            }

            if (advertisement.Http)
            {
                yield return "_http._tcp.local";
            }
        }
    }

    /// <summary>Every record, for announcements and goodbyes.</summary>
    public IReadOnlyList<DnsRecord> All()
    {
        var records = new List<DnsRecord>();
        foreach (var type in ServiceTypes)
        {
            records.Add(EnumerationRecord(type));
            records.Add(PointerRecord(type));
            records.Add(ServiceRecord(type));
            records.Add(TextRecord(type));
        }

        records.AddRange(AddressRecords(DnsTypes.Any));
        return records;
    }

    /// <summary>The answers to <paramref name="questions"/>, and the records that help the asker (the SRV target's addresses).</summary>
    public (List<DnsRecord> Answers, List<DnsRecord> Additional) Answer(IEnumerable<DnsQuestion> questions)
    {
        var answers = new List<DnsRecord>();
        var additional = new List<DnsRecord>();
        foreach (var question in questions)
        {
            var name = question.Name.TrimEnd('.');
            var wants = (ushort type) => question.Type == type || question.Type == DnsTypes.Any;
            if (Same(name, ServiceEnumeration) && wants(DnsTypes.Ptr))
            {
                answers.AddRange(ServiceTypes.Select(EnumerationRecord));
            }

            foreach (var type in ServiceTypes)
            {
                if (Same(name, type) && wants(DnsTypes.Ptr))
                {
                    answers.Add(PointerRecord(type));
                    additional.Add(ServiceRecord(type));
                    additional.Add(TextRecord(type));
                    additional.AddRange(AddressRecords(DnsTypes.Any));
                }

                if (Same(name, InstanceName(type)))
                {
                    if (wants(DnsTypes.Srv))
                    {
                        answers.Add(ServiceRecord(type));
                        additional.AddRange(AddressRecords(DnsTypes.Any));
                    }

                    if (wants(DnsTypes.Txt))
                    {
                        answers.Add(TextRecord(type));
                    }
                }
            }

            if (Same(name, advertisement.HostName))
            {
                answers.AddRange(AddressRecords(question.Type));
            }
        }

        var distinctAnswers = answers.Distinct(RecordComparer.Instance).ToList();
        return (distinctAnswers, additional.Distinct(RecordComparer.Instance).Where(r => !distinctAnswers.Contains(r, RecordComparer.Instance)).ToList());
    }

    private string InstanceName(string type) => $"{advertisement.InstanceLabel}.{type}";

    private DnsRecord EnumerationRecord(string type) => new(ServiceEnumeration, DnsTypes.Ptr, false, OtherTtl, DnsMessage.EncodeName(type));

    private DnsRecord PointerRecord(string type) => new(type, DnsTypes.Ptr, false, OtherTtl, DnsMessage.EncodeName(InstanceName(type)));

    private DnsRecord ServiceRecord(string type) => new(InstanceName(type), DnsTypes.Srv, true, HostTtl, DnsMessage.EncodeService(advertisement.Port, advertisement.HostName));

    private DnsRecord TextRecord(string type)
    {
        var entries = new List<string> { "path=/" };
        if (type.StartsWith("_https", StringComparison.Ordinal) && advertisement.AuthorityFingerprint is { } fingerprint)
        {
            entries.Add("ca-sha256=" + fingerprint.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant());
        }

        return new DnsRecord(InstanceName(type), DnsTypes.Txt, true, OtherTtl, DnsMessage.EncodeText(entries));
    }

    private IEnumerable<DnsRecord> AddressRecords(ushort type)
    {
        foreach (var address in addresses())
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && (type == DnsTypes.A || type == DnsTypes.Any))
            {
                yield return new DnsRecord(advertisement.HostName, DnsTypes.A, true, HostTtl, address.GetAddressBytes());
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && (type == DnsTypes.Aaaa || type == DnsTypes.Any))
            {
                yield return new DnsRecord(advertisement.HostName, DnsTypes.Aaaa, true, HostTtl, address.GetAddressBytes());
            }
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private sealed class RecordComparer : IEqualityComparer<DnsRecord>
    {
        public static readonly RecordComparer Instance = new();

        public bool Equals(DnsRecord? x, DnsRecord? y)
            => x is not null && y is not null && x.Type == y.Type && Same(x.Name, y.Name) && x.Data.AsSpan().SequenceEqual(y.Data);

        public int GetHashCode(DnsRecord obj) => HashCode.Combine(obj.Type, obj.Name.ToUpperInvariant(), obj.Data.Length);
    }
}
