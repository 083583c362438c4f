using System.Net;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue 11 keys: Bridge:Sip:SessionTimer:MinSeconds, Bridge:Sip:AdvertisedAddress, Bridge:Media:PublicAddress.</summary>
public sealed class CallSignallingOptionsReaderTests
{
    private static BridgeOptions Read(out IReadOnlyList<string> errors, params (string Key, string Value)[] values) =>
        BridgeOptionsReader.Read(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(),
            "/srv/bridge",
            out errors);

    [Fact]
    public void Defaults_are_the_RFC_minimum_and_no_NAT_addresses()
    {
        var options = Read(out var errors);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(90), options.SessionTimerMinimum);
        Assert.Null(options.SipAdvertisedHost);
        Assert.Null(options.MediaPublicAddress);
    }

    [Fact]
    public void Values_are_read()
    {
        var options = Read(out var errors,
            ("Bridge:Sip:SessionTimer:MinSeconds", "4"),
            ("Bridge:Sip:AdvertisedAddress", "203.0.113.9"),
            ("Bridge:Media:PublicAddress", "2001:db8::9"));

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(4), options.SessionTimerMinimum);
        Assert.Equal("203.0.113.9", options.SipAdvertisedHost);
        Assert.Equal(IPAddress.Parse("2001:db8::9"), options.MediaPublicAddress);
    }

    [Theory]
    [InlineData("Bridge:Sip:SessionTimer:MinSeconds", "0")]
    [InlineData("Bridge:Sip:AdvertisedAddress", "bridge.example.com")]
    [InlineData("Bridge:Media:PublicAddress", "0.0.0.0")]
    public void A_bad_value_is_reported_with_its_key(string key, string value)
    {
        Read(out var errors, (key, value));

        Assert.Contains(errors, e => e.StartsWith(key + ":", StringComparison.Ordinal));
    }
}
