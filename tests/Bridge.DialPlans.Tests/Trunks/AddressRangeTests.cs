using System.Net;
using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans.Tests.Trunks;

public sealed class AddressRangeTests
{
    [Theory]
    [InlineData("10.1.4.0/24", "10.1.4.0", true)]
    [InlineData("10.1.4.0/24", "10.1.4.255", true)]
    [InlineData("10.1.4.0/24", "10.1.5.0", false)]
    [InlineData("10.1.2.3", "10.1.2.3", true)]
    [InlineData("10.1.2.3", "10.1.2.4", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::1", "2001:db8::1", true)]
    [InlineData("::/0", "::1", true)]
    [InlineData("127.0.0.2", "::ffff:127.0.0.2", true)]
    [InlineData("::ffff:127.0.0.2", "127.0.0.2", true)]
    public void Contains(string range, string address, bool expected)
    {
        Assert.True(AddressRange.TryParse(range, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.1.4.7/24", "host bits set")]
    [InlineData("10.1.4.0/33", "prefix length")]
    [InlineData("2001:db8::/129", "prefix length")]
    [InlineData("10.1.4.0/", "prefix length")]
    [InlineData("10.1.4.0/-1", "prefix length")]
    [InlineData("10.1", "not an IP address")]
    [InlineData("pbx.example.org", "not an IP address")]
    [InlineData("fe80::1%eth0", "not an IP address")]
    [InlineData("", "not an IP address")]
    public void RefusesWhatIsNotARange(string text, string reason)
    {
        Assert.False(AddressRange.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.4.0/24", true)]
    [InlineData("10.1.4.0/24", "10.0.0.0/8", true)]
    [InlineData("10.1.4.0/24", "10.1.5.0/24", false)]
    [InlineData("10.1.4.0/24", "2001:db8::/32", false)]
    public void Overlaps(string a, string b, bool expected)
    {
        Assert.True(AddressRange.TryParse(a, out var ra, out _));
        Assert.True(AddressRange.TryParse(b, out var rb, out _));

        Assert.Equal(expected, ra.Overlaps(rb));
    }
}
