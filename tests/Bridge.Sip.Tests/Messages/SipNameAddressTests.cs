using Bridge.Sip.Messages;

namespace Bridge.Sip.Tests.Messages;

/// <summary>name-addr / addr-spec with parameters (RFC 3261 §20.10, §20.20, §20.39).</summary>
public sealed class SipNameAddressTests
{
    [Fact]
    public void Quoted_display_name_with_escapes()
    {
        Assert.True(SipNameAddress.TryParse("\"Bob \\\"the\\\" Builder\" <sips:bob@biloxi.com>;tag=a6c85cf", out var value));

        Assert.Equal("Bob \"the\" Builder", value.DisplayName);
        Assert.Equal("a6c85cf", value.Tag);
        Assert.Equal("\"Bob \\\"the\\\" Builder\" <sips:bob@biloxi.com>;tag=a6c85cf", value.ToString());
    }

    [Fact]
    public void Token_display_name_and_uri_parameters_stay_in_the_uri()
    {
        Assert.True(SipNameAddress.TryParse("Anonymous   Caller <sip:c8oqz84zk7z@privacy.org;transport=tcp>;tag=hyh8", out var value));

        Assert.Equal("Anonymous Caller", value.DisplayName);
        Assert.Equal("tcp", value.Uri.Transport);
        Assert.Equal("hyh8", value.Tag);
    }

    [Fact]
    public void With_tag_adds_or_replaces_the_tag()
    {
        var to = SipNameAddress.Parse("sip:room@bridge.example.com");

        var tagged = to.WithTag("b7d3");

        Assert.Null(to.Tag);
        Assert.Equal("<sip:room@bridge.example.com>;tag=b7d3", tagged.ToString());
        Assert.Equal("<sip:room@bridge.example.com>;tag=c", tagged.WithTag("c").ToString());
    }

    [Fact]
    public void Contact_parameters()
    {
        Assert.True(SipNameAddress.TryParse("<sip:alice@192.0.2.4>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"", out var value));

        Assert.Equal("3600", value.GetParameter("expires"));
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"", value.GetParameter("+sip.instance"));
    }

    [Theory]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("Bell, Alexander <sip:a@b>")]
    [InlineData("< sip:a@b >")]
    [InlineData("<sip:a@b")]
    [InlineData("sip:a@b?subject=x")]
    [InlineData("<sip:a@b>;;")]
    [InlineData("<sip:a@b>;tag=")]
    [InlineData("\"name\" sip:a@b")]
    [InlineData("")]
    public void Invalid_values_are_rejected(string text) => Assert.False(SipNameAddress.TryParse(text, out _));
}
