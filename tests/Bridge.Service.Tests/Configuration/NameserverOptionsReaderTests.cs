namespace Bridge.Service.Tests.Configuration;

/// <summary>Bridge:Trunks:Nameserver (dial-out targets located with RFC 3263).</summary>
public sealed class NameserverOptionsReaderTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("10.0.0.53", "10.0.0.53:53")]
    [InlineData("127.0.0.1:5353", "127.0.0.1:5353")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    public void The_nameserver_is_read_with_port_53_by_default(string? value, string? expected)
    {
        var options = value is null ? SecurityOptionsReaderTests.Read(out var errors) : SecurityOptionsReaderTests.Read(out errors, ("Bridge:Trunks:Nameserver", value));

        Assert.Empty(errors);
        Assert.Equal(expected, options.DialOutNameserver?.ToString());
    }

    [Fact]
    public void A_name_is_refused_with_the_key()
    {
        SecurityOptionsReaderTests.Read(out var errors, ("Bridge:Trunks:Nameserver", "dns.example.org"));

        Assert.Contains("Bridge:Trunks:Nameserver must be an IP address, optionally with a port (10.0.0.53, 127.0.0.1:5353), not 'dns.example.org'", errors);
    }
}
