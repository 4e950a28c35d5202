using System.Net;
using DeskMirror.Proxy.Internal;

namespace DeskMirror.Proxy.Tests.Internal;

public sealed class AddressCountsTests
{
    [Fact]
    public void KeyOf_IPv4AndItsMappedForm_AreTheSameAddress() =>
        Assert.Equal(AddressCounts.KeyOf(IPAddress.Parse("127.0.0.2")), AddressCounts.KeyOf(IPAddress.Parse("::ffff:127.0.0.2")));

    [Fact]
    public void TryAdd_UpToTheLimitThenRemove_FreesASlot()
    {
        var counts = new AddressCounts();
        var key = AddressCounts.KeyOf(IPAddress.Parse("fe80::1"));

        Assert.True(counts.TryAdd(key, 2));
        Assert.True(counts.TryAdd(key, 2));
        Assert.False(counts.TryAdd(key, 2));
        counts.Remove(key);
        Assert.True(counts.TryAdd(key, 2));
        Assert.Equal(2, counts.CountOf(IPAddress.Parse("fe80::1")));
        Assert.Equal(0, counts.CountOf(IPAddress.Parse("fe80::2")));
    }
}
