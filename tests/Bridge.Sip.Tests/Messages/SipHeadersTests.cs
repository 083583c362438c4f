using Bridge.Sip.Messages;

namespace Bridge.Sip.Tests.Messages;

/// <summary>Header collection semantics (RFC 3261 §7.3).</summary>
public sealed class SipHeadersTests
{
    [Fact]
    public void Compact_and_long_names_are_the_same_header()
    {
        var headers = new SipHeaders();
        headers.Add("v", "SIP/2.0/UDP a;branch=z9hG4bK1");
        headers.Add("VIA", "SIP/2.0/UDP b;branch=z9hG4bK2");

        Assert.Equal(2, headers.GetValues("Via").Count);
        Assert.Equal("SIP/2.0/UDP a;branch=z9hG4bK1", headers["v"]);
        Assert.All(headers, h => Assert.Equal("Via", h.Name));
    }

    [Fact]
    public void List_headers_split_on_top_level_commas_only()
    {
        var headers = new SipHeaders();
        headers.Add("Contact", "\"Doe, John\" <sip:j@a.example;x=1,2>, <sip:k@b.example>");
        headers.Add("Contact", "sip:l@c.example");
        headers.Add("Subject", "Hello, world");

        Assert.Equal(["\"Doe, John\" <sip:j@a.example;x=1,2>", "<sip:k@b.example>", "sip:l@c.example"], headers.GetValues("m"));
        Assert.Equal(["Hello, world"], headers.GetValues("Subject"));
    }

    [Fact]
    public void Set_replaces_every_line_in_place_and_insert_first_goes_on_top()
    {
        var headers = new SipHeaders();
        headers.Add("To", "<sip:a@b>");
        headers.Add("Route", "<sip:p1>");
        headers.Add("Route", "<sip:p2>");
        headers.Add("Call-ID", "x");

        headers.Set("Route", "<sip:p3>");
        headers.InsertFirst("Via", "SIP/2.0/UDP h;branch=z9hG4bK1");

        Assert.Equal(["Via", "To", "Route", "Call-ID"], headers.Select(h => h.Name));
        Assert.Equal("<sip:p3>", headers["Route"]);
        Assert.True(headers.Remove("route"));
        Assert.False(headers.Contains("Route"));
        Assert.False(headers.Remove("Route"));
        Assert.Equal(3, headers.Count);
    }

    [Fact]
    public void Cached_message_properties_follow_header_changes()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:room@bridge"));
        request.Headers.Add("To", "<sip:room@bridge>");
        Assert.Null(request.To!.Tag);

        request.Headers.Set("To", "<sip:room@bridge>;tag=abc");

        Assert.Equal("abc", request.To!.Tag);
    }

    [Fact]
    public void Top_via_is_replaced_and_removed_inside_a_comma_list()
    {
        var request = new SipRequest(SipMethods.Invite, SipUri.Parse("sip:room@bridge"));
        request.Headers.Add("Via", "SIP/2.0/UDP a.example;branch=z9hG4bK1;rport, SIP/2.0/TCP b.example;branch=z9hG4bK2");
        request.Headers.Add("Via", "SIP/2.0/UDP c.example;branch=z9hG4bK3");

        var top = request.TopVia!;
        top.Received = "192.0.2.9";
        top.RPort = 5062;
        request.SetTopVia(top);

        Assert.Equal(["a.example", "b.example", "c.example"], request.Vias.Select(v => v.Host));
        Assert.Equal("192.0.2.9", request.TopVia!.Received);
        Assert.Equal(5062, request.TopVia.RPort);

        Assert.True(request.RemoveTopVia());
        Assert.Equal(["b.example", "c.example"], request.Vias.Select(v => v.Host));
        Assert.True(request.RemoveTopVia());
        Assert.Equal("c.example", Assert.Single(request.Vias).Host);
        Assert.True(request.RemoveTopVia());
        Assert.False(request.RemoveTopVia());
        Assert.Null(request.TopVia);
    }
}
