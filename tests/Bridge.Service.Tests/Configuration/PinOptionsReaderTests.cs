using System.Net;
using Bridge.Service.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue #8 keys: the PIN limits under Bridge:Security.</summary>
public sealed class PinOptionsReaderTests
{
    private static BridgeOptions Read(out IReadOnlyList<string> errors, params (string Key, string Value)[] values) =>
        SecurityOptionsReaderTests.Read(out errors, values);

    [Fact]
    public void Defaults_are_5_per_source_20_per_address_for_an_hour_30_per_room_and_no_declared_pbx()
    {
        var pins = Read(out var errors).Pins;

        Assert.Empty(errors);
        Assert.Equal(5, pins.SourceFailureLimit);
        Assert.Equal(20, pins.AddressFailureLimit);
        Assert.Equal(TimeSpan.FromHours(1), pins.AddressWindow);
        Assert.Equal(TimeSpan.FromHours(1), pins.AddressLockout);
        Assert.Equal(30, pins.RoomFailureLimit);
        Assert.Empty(pins.TrustedPbxAddresses);
    }

    [Fact]
    public void Every_key_is_read_and_addresses_come_as_a_list_or_an_array()
    {
        var pins = Read(out var errors,
            ("Bridge:Security:PinFailuresPerSource", "3"),
            ("Bridge:Security:PinFailuresPerAddress", "4"),
            ("Bridge:Security:PinAddressLockoutMinutes", "10"),
            ("Bridge:Security:PinFailuresPerRoom", "50"),
            ("Bridge:Security:TrustedPbxAddresses", "192.0.2.5, ::ffff:192.0.2.6 2001:db8::7")).Pins;

        Assert.Empty(errors);
        Assert.Equal((3, 4, TimeSpan.FromMinutes(10), 50), (pins.SourceFailureLimit, pins.AddressFailureLimit, pins.AddressLockout, pins.RoomFailureLimit));
        Assert.Equal(3, pins.TrustedPbxAddresses.Count);
        Assert.Contains(IPAddress.Parse("192.0.2.6"), pins.TrustedPbxAddresses);

        var fromArray = Read(out errors, ("Bridge:Security:TrustedPbxAddresses:0", "192.0.2.5"), ("Bridge:Security:TrustedPbxAddresses:1", "192.0.2.9")).Pins;
        Assert.Empty(errors);
        Assert.Equal(2, fromArray.TrustedPbxAddresses.Count);
    }

    [Theory]
    [InlineData("Bridge:Security:PinFailuresPerAddress", "0")]
    [InlineData("Bridge:Security:PinAddressLockoutMinutes", "soon")]
    [InlineData("Bridge:Security:TrustedPbxAddresses", "pbx.example.com")]
    public void A_bad_value_names_its_key(string key, string value)
    {
        Read(out var errors, (key, value));

        Assert.Contains(errors, e => e.StartsWith(key, StringComparison.Ordinal));
    }
}
