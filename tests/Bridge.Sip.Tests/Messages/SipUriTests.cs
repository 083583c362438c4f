using Bridge.Sip.Messages;

namespace Bridge.Sip.Tests.Messages;

/// <summary>SIP, SIPS and tel URIs (RFC 3261 §19.1, RFC 3966, RFC 5118).</summary>
public sealed class SipUriTests
{
    [Fact]
    public void Sip_uri_with_everything()
    {
        var uri = SipUri.Parse("sip:alice:secretword@atlanta.com:5061;transport=TCP;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent");

        Assert.Equal("sip", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secretword", uri.Password);
        Assert.Equal("atlanta.com", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tcp", uri.Transport);
        Assert.True(uri.IsLooseRouting);
        Assert.Null(uri.GetParameter("lr"));
        Assert.Equal("239.255.255.1", uri.GetParameter("MADDR"));
        Assert.Equal([new("subject", "project x"), new("priority", "urgent")], uri.Headers);
        Assert.False(uri.IsSecure);
        Assert.Equal("sip:alice:secretword@atlanta.com:5061;transport=TCP;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent", uri.ToString());
    }

    [Fact]
    public void Sips_and_case_insensitive_scheme()
    {
        var uri = SipUri.Parse("SIPS:bob@biloxi.com");

        Assert.True(uri.IsSecure);
        Assert.Equal("sips:bob@biloxi.com", uri.ToString());
    }

    [Fact]
    public void Tel_uri_keeps_the_number_as_user()
    {
        var uri = SipUri.Parse("tel:+1-201-555-0123;phone-context=example.com");

        Assert.Equal("tel", uri.Scheme);
        Assert.Equal("+1-201-555-0123", uri.User);
        Assert.Equal(string.Empty, uri.Host);
        Assert.Equal("example.com", uri.GetParameter("phone-context"));
        Assert.Equal("tel:+1-201-555-0123;phone-context=example.com", uri.ToString());
    }

    [Fact]
    public void Escaped_user_is_unescaped_and_escaped_again_on_output()
    {
        var uri = SipUri.Parse("sip:%61lice%20b@example.com");

        Assert.Equal("alice b", uri.User);
        Assert.Equal("sip:alice%20b@example.com", uri.ToString());
    }

    [Fact]
    public void With_copies_and_replaces()
    {
        var uri = SipUri.Parse("sip:alice@example.com;transport=udp");

        var moved = uri.With(host: "2001:db8::1", port: 5080);

        Assert.Equal("sip:alice@[2001:db8::1]:5080;transport=udp", moved.ToString());
        Assert.Equal("sip:alice@example.com;transport=udp", uri.ToString());
        Assert.Equal("sip:alice@example.com;transport=tls", uri.WithParameter("transport", "tls").ToString());
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:alice@")]
    [InlineData("sip:alice@exa mple.com")]
    [InlineData("sip:alice@example.com:99999")]
    [InlineData("sip:alice@example.com:")]
    [InlineData("sip:alice@example.com;")]
    [InlineData("sip:alice@example.com;=x")]
    [InlineData("sip:al%ZZice@example.com")]
    [InlineData("sip:alice@example..com")]
    [InlineData("sip:alice@example.com?")]
    [InlineData("sip:<alice>@example.com")]
    [InlineData("tel:")]
    [InlineData("1sip:a@b")]
    [InlineData("nocolon")]
    [InlineData("")]
    public void Invalid_uris_are_rejected(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void Unknown_scheme_is_kept_opaque()
    {
        var uri = SipUri.Parse("urn:service:sos");

        Assert.Equal("urn", uri.Scheme);
        Assert.Equal("service:sos", uri.Opaque);
        Assert.Equal("urn:service:sos", uri.ToString());
    }
}
