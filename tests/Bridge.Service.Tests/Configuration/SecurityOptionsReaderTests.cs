using Bridge.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Tests.Configuration;

/// <summary>Issue #5 keys: Bridge:Security:*.</summary>
public sealed class SecurityOptionsReaderTests
{
    internal static BridgeOptions Read(out IReadOnlyList<string> errors, params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return BridgeOptionsReader.Read(configuration, "/srv/bridge", out errors);
    }

    [Fact]
    public void Defaults_are_50_per_second_burst_100_ban_10_minutes_20_calls_per_source_500_in_total()
    {
        var options = Read(out var errors);

        Assert.Empty(errors);
        Assert.True(options.Guard.Enabled);
        Assert.Equal(50, options.Guard.RequestsPerSecond);
        Assert.Equal(100, options.Guard.Burst);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Guard.BanDuration);
        Assert.True(options.Guard.DropScanners);
        Assert.Equal(20, options.MaxCallsPerSource);
        Assert.Equal(500, options.MaxCalls);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var options = Read(out var errors,
            ("Bridge:Security:RequestsPerSecond", "200"),
            ("Bridge:Security:Burst", "400"),
            ("Bridge:Security:BanSeconds", "30"),
            ("Bridge:Security:DropScanners", "false"),
            ("Bridge:Security:MaxCallsPerSource", "5"),
            ("Bridge:Security:MaxCalls", "50"));

        Assert.Empty(errors);
        Assert.Equal(200, options.Guard.RequestsPerSecond);
        Assert.Equal(400, options.Guard.Burst);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Guard.BanDuration);
        Assert.False(options.Guard.DropScanners);
        Assert.Equal(5, options.MaxCallsPerSource);
        Assert.Equal(50, options.MaxCalls);
    }

    [Theory]
    [InlineData("Bridge:Security:RequestsPerSecond", "0")]
    [InlineData("Bridge:Security:Burst", "-3")]
    [InlineData("Bridge:Security:BanSeconds", "ten")]
    [InlineData("Bridge:Security:MaxCalls", "1.5")]
    [InlineData("Bridge:Security:DropScanners", "maybe")]
    public void A_bad_value_names_its_key(string key, string value)
    {
        Read(out var errors, (key, value));

        Assert.Contains(errors, e => e.StartsWith(key + ":", StringComparison.Ordinal));
    }
}
