using System.Buffers.Binary;
using System.Text;

namespace DeskMirror.Discovery.Internal;

/// <summary>
/// The little of the DNS wire format (RFC 1035 §4) an mDNS responder needs: read the questions of a query
/// (names may use compression pointers) and write responses (names written in full: they are small).
/// </summary>
internal static class DnsMessage
{
    /// <summary>Largest message read or written; mDNS messages fit one Ethernet frame unless they carry many records.</summary>
    public const int MaxSize = 9000;

    private const int HeaderSize = 12;

    /// <summary>The id and questions of a query; false for a response, a truncated or malformed message.</summary>
    public static bool TryReadQuery(ReadOnlySpan<byte> message, out ushort id, out List<DnsQuestion> questions)
    {
        id = 0;
        questions = [];
        if (message.Length < HeaderSize)
        {
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        // A response (QR) or anything but a standard query (opcode 0) is not ours to answer.
        if ((flags & 0x8000) != 0 || ((flags >> 11) & 0xF) != 0)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadName(message, ref offset, out var name) || offset + 4 > message.Length)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var klass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            offset += 4;
            questions.Add(new DnsQuestion(name, type, (klass & DnsTypes.TopBit) != 0));
        }

        return true;
    }

    /// <summary>A response: <paramref name="questions"/> echoed (legacy unicast only), then answers, then additional records.</summary>
    public static byte[] WriteResponse(ushort id, IReadOnlyList<DnsQuestion> questions, IReadOnlyList<DnsRecord> answers, IReadOnlyList<DnsRecord> additional, bool cacheFlush)
    {
        var buffer = new List<byte>(512);
        WriteUInt16(buffer, id);
        WriteUInt16(buffer, 0x8400); // QR + AA
        WriteUInt16(buffer, (ushort)questions.Count);
        WriteUInt16(buffer, (ushort)answers.Count);
        WriteUInt16(buffer, 0);
        WriteUInt16(buffer, (ushort)additional.Count);
        foreach (var question in questions)
        {
            WriteName(buffer, question.Name);
            WriteUInt16(buffer, question.Type);
            WriteUInt16(buffer, DnsTypes.ClassIn);
        }

        foreach (var record in answers.Concat(additional))
        {
            WriteName(buffer, record.Name);
            WriteUInt16(buffer, record.Type);
            WriteUInt16(buffer, (ushort)(DnsTypes.ClassIn | (cacheFlush && record.Unique ? DnsTypes.TopBit : 0)));
            var ttl = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(ttl, record.Ttl);
            buffer.AddRange(ttl);
            WriteUInt16(buffer, (ushort)record.Data.Length);
            buffer.AddRange(record.Data);
        }

        return [.. buffer];
    }

    /// <summary>A name in wire form: length-prefixed UTF-8 labels, then a zero byte.</summary>
    public static byte[] EncodeName(string name)
    {
        var buffer = new List<byte>(name.Length + 2);
        WriteName(buffer, name);
        return [.. buffer];
    }

    /// <summary>TXT data: each <c>key=value</c> as one length-prefixed string.</summary>
    public static byte[] EncodeText(IEnumerable<string> entries)
    {
        var buffer = new List<byte>();
        foreach (var entry in entries)
        {
            var bytes = Encoding.UTF8.GetBytes(entry);
            buffer.Add((byte)Math.Min(bytes.Length, 255));
            buffer.AddRange(bytes.Take(255));
        }

        return [.. buffer];
    }

    /// <summary>SRV data: priority 0, weight 0, port, target.</summary>
    public static byte[] EncodeService(int port, string target)
    {
        var buffer = new List<byte>();
        WriteUInt16(buffer, 0);
        WriteUInt16(buffer, 0);
        WriteUInt16(buffer, (ushort)port);
        WriteName(buffer, target);
        return [.. buffer];
    }

    private static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        var labels = new List<string>();
        var position = offset;
        var jumped = false;
        // Each pointer must go backwards, so a loop of pointers ends; 128 labels is the most a 255-byte name has.
        for (var steps = 0; steps < 128; steps++)
        {
            name = "";
            if (position >= message.Length)
            {
                return false;
            }

            var length = message[position];
            if (length == 0)
            {
                if (!jumped)
                {
                    offset = position + 1;
                }

                name = string.Join('.', labels);
                return true;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return false;
                }

                var target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= position)
                {
                    return false;
                }

                if (!jumped)
                {
                    offset = position + 2;
                }

                jumped = true;
                position = target;
                continue;
            }

            if ((length & 0xC0) != 0 || position + 1 + length > message.Length)
            {
                return false;
            }

            labels.Add(Encoding.UTF8.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }

        name = "";
        return false;
    }

    private static void WriteName(List<byte> buffer, string name)
    {
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var bytes = Encoding.UTF8.GetBytes(label);
            buffer.Add((byte)Math.Min(bytes.Length, 63));
            buffer.AddRange(bytes.Take(63));
        }

        buffer.Add(0);
    }

    private static void WriteUInt16(List<byte> buffer, ushort value)
    {
        buffer.Add((byte)(value >> 8));
        buffer.Add((byte)value);
    }
}
