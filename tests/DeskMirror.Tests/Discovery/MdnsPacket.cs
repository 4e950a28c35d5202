using System.Buffers.Binary;
using System.Text;

namespace DeskMirror.Tests.Discovery;

/// <summary>A DNS message as the test reads it, written independently of the product's encoder: header, questions and every record.</summary>
internal sealed record MdnsPacket(ushort Id, bool IsResponse, IReadOnlyList<(string Name, ushort Type)> Questions, IReadOnlyList<MdnsPacket.Record> Records)
{
    public const ushort A = 1;
    public const ushort Ptr = 12;
    public const ushort Txt = 16;
    public const ushort Srv = 33;

    public static byte[] Query(string name, ushort type)
    {
        var buffer = new List<byte> { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            buffer.Add((byte)label.Length);
            buffer.AddRange(Encoding.ASCII.GetBytes(label));
        }

        buffer.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. buffer];
    }

    public static MdnsPacket Parse(ReadOnlySpan<byte> data)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(data);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var counts = new int[4];
        for (var i = 0; i < 4; i++)
        {
            counts[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(4 + (2 * i))..]);
        }

        var offset = 12;
        var questions = new List<(string, ushort)>();
        for (var i = 0; i < counts[0]; i++)
        {
            var name = Name(data, ref offset);
            questions.Add((name, BinaryPrimitives.ReadUInt16BigEndian(data[offset..])));
            offset += 4;
        }

        var records = new List<Record>();
        for (var i = 0; i < counts[1] + counts[2] + counts[3]; i++)
        {
            var name = Name(data, ref offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
            offset += 10;
            var start = offset;
            var rdata = data.Slice(offset, length).ToArray();
            string? target = null;
            if (type == Ptr)
            {
                var at = start;
                target = Name(data, ref at);
            }
            else if (type == Srv)
            {
                var at = start + 6;
                target = Name(data, ref at);
            }

            records.Add(new Record(name, type, ttl, rdata, target));
            offset += length;
        }

        return new MdnsPacket(id, (flags & 0x8000) != 0, questions, records);
    }

    private static string Name(ReadOnlySpan<byte> data, ref int offset)
    {
        var labels = new List<string>();
        var position = offset;
        var jumped = false;
        while (data[position] != 0)
        {
            if ((data[position] & 0xC0) == 0xC0)
            {
                if (!jumped)
                {
                    offset = position + 2;
                }

                jumped = true;
                position = ((data[position] & 0x3F) << 8) | data[position + 1];
                continue;
            }

            labels.Add(Encoding.UTF8.GetString(data.Slice(position + 1, data[position])));
            position += 1 + data[position];
        }

        if (!jumped)
        {
            offset = position + 1;
        }

        return string.Join('.', labels);
    }

    /// <summary>One resource record; <see cref="Target"/> is the name a PTR or SRV points to.</summary>
    public sealed record Record(string Name, ushort Type, uint Ttl, byte[] Data, string? Target)
    {
        public int Port => (Data[4] << 8) | Data[5];

        public IReadOnlyList<string> Texts
        {
            get
            {
                var texts = new List<string>();
                for (var i = 0; i < Data.Length; i += 1 + Data[i])
                {
                    texts.Add(Encoding.UTF8.GetString(Data, i + 1, Data[i]));
                }

                return texts;
            }
        }
    }
}
