using Bridge.Sip.Messages;

namespace Bridge.Sip.Tests.Messages;

/// <summary>Via values (RFC 3261 §20.42, §18.2.1; RFC 3581).</summary>
public sealed class SipViaTests
{
    [Fact]
    public void Parses_sent_protocol_sent_by_and_parameters()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/udp pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.4;ttl=16", out var via));

        Assert.Equal("UDP", via.Transport);
        Assert.Equal("pc33.atlanta.com", via.Host);
        Assert.Equal(5066, via.Port);
        Assert.Equal("z9hG4bK776asdhds", via.Branch);
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal("192.0.2.4", via.Received);
        Assert.Equal("16", via.GetParameter("ttl"));
    }

    [Fact]
    public void Received_and_rport_are_filled_in_by_the_server()
    {
        var via = new SipVia("udp", "10.0.0.5", 5060, "z9hG4bKabc", rport: true);

        via.Received = "203.0.113.9";
        via.RPort = 40123;

        Assert.Equal("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKabc;rport=40123;received=203.0.113.9", via.ToString());
        Assert.Equal(40123, via.RPort);
        via.Received = null;
        Assert.DoesNotContain("received", via.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv6_received_is_written_in_brackets_and_read_without()
    {
        var via = new SipVia("TCP", "[2001:db8::1]", null, "z9hG4bK1") { Received = "2001:db8::2" };

        Assert.Equal("SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK1;received=[2001:db8::2]", via.ToString());
        Assert.Equal("2001:db8::2", via.Received);
        Assert.True(SipVia.TryParse(via.ToString(), out var again));
        Assert.Equal("2001:db8::1", again.Host);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP host;;branch=z9hG4bK1")]
    [InlineData("SIP/2.0/UDP host;branch")]
    [InlineData("SIP/2.0/UDP host;ttl=300")]
    [InlineData("SIP/2.0/UDP host;rport=70000")]
    [InlineData("SIP/2.0/UDP host:port")]
    [InlineData("SIP/2.0/UDP [2001:db8::1;branch=z9hG4bK1")]
    [InlineData("SIP/2.0/UDP host extra")]
    public void Invalid_vias_are_rejected(string text) => Assert.False(SipVia.TryParse(text, out _));
}
