using System.Net;
using DeskMirror.Discovery;
using DeskMirror.Discovery.Internal;

namespace DeskMirror.Tests.Discovery;

/// <summary>What the responder reads from strangers on the LAN, and what it answers.</summary>
public sealed class DnsMessageTests
{
    private static readonly MdnsZone Zone = new(
        new MdnsAdvertisement("studio", 4096, IPAddress.Any, Https: true, Http: true, AuthorityFingerprint: "AB:CD"),
        () => [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::5")]);

    [Fact]
    public void TryReadQuery_AQuery_GivesItsQuestions()
    {
        Assert.True(DnsMessage.TryReadQuery(MdnsPacket.Query("_https._tcp.local", MdnsPacket.Ptr), out _, out var questions));

        Assert.Equal(new DnsQuestion("_https._tcp.local", DnsTypes.Ptr, false), Assert.Single(questions));
    }

    [Fact]
    public void TryReadQuery_CompressedSecondName_FollowsThePointer()
    {
        var first = MdnsPacket.Query("_https._tcp.local", MdnsPacket.Ptr);
        // A second question "_http" + pointer to "_tcp.local" at offset 19 (12-byte header, then "\x06_https").
        byte[] message = [.. first, 5, .. "_http"u8, 0xC0, 19, 0, 12, 0, 1];
        message[5] = 2;

        Assert.True(DnsMessage.TryReadQuery(message, out _, out var questions));

        Assert.Equal(["_https._tcp.local", "_http._tcp.local"], questions.Select(q => q.Name));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 })] // a pointer to itself
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 40, 0, 1, 0, 1 })] // a pointer forward
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 9, 65, 66 })] // a label longer than the message
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 65, 0, 0, 1, 0, 1 })] // fewer questions than counted
    [InlineData(new byte[] { 0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 65, 0, 0, 1, 0, 1 })] // a response, not a query
    [InlineData(new byte[] { 0, 0, 0 })] // shorter than a header
    public void TryReadQuery_MalformedOrNotAQuery_IsIgnored(byte[] message)
        => Assert.False(DnsMessage.TryReadQuery(message, out _, out _));

    [Fact]
    public void Answer_ServiceTypeQuestion_GivesTheInstanceWithItsServiceTextAndAddresses()
    {
        var (answers, additional) = Zone.Answer([new DnsQuestion("_HTTPS._tcp.local", DnsTypes.Ptr, false)]);

        var pointer = Assert.Single(answers);
        Assert.Equal(DnsMessage.EncodeName("DeskMirror on studio._https._tcp.local"), pointer.Data);
        Assert.Equal([DnsTypes.Srv, DnsTypes.Txt, DnsTypes.A, DnsTypes.Aaaa], additional.Select(r => r.Type));
        Assert.Equal(DnsMessage.EncodeText(["path=/", "ca-sha256=abcd"]), additional[1].Data);
    }

    [Fact]
    public void Answer_HostQuestion_GivesOnlyTheAskedFamily()
    {
        var (answers, _) = Zone.Answer([new DnsQuestion("studio.local", DnsTypes.A, false)]);

        Assert.Equal(IPAddress.Parse("192.0.2.10").GetAddressBytes(), Assert.Single(answers).Data);
    }

    [Fact]
    public void Answer_SomeoneElsesName_GivesNothing()
        => Assert.Empty(Zone.Answer([new DnsQuestion("printer.local", DnsTypes.Any, false), new DnsQuestion("_ipp._tcp.local", DnsTypes.Ptr, false)]).Answers);

    [Fact]
    public void All_HttpTextRecord_CarriesNoFingerprint()
    {
        var text = Zone.All().Single(r => r.Type == DnsTypes.Txt && r.Name.EndsWith("._http._tcp.local", StringComparison.Ordinal));

        Assert.Equal(DnsMessage.EncodeText(["path=/"]), text.Data);
    }
}
