using System.Net;
using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>Issue 11, NAT: a UDP phone behind NAT (its Contact names its private address, its packets come from the
/// NAT's public one) gets in-dialog requests at the address its requests came from (RFC 3581 rport); a bridge behind
/// 1:1 NAT writes its advertised address into Via and Contact.</summary>
public sealed class NatDialogTests
{
    private static readonly SipRemote NatPublic = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.50"), 40000));

    private static async Task<(UasHarness Uas, SipResponse Ok)> AnsweredFromNatAsync(string viaHost, SipEndpointOptions? options = null)
    {
        var uas = new UasHarness(options);
        uas.Deliver(SipText.Request(SipMethods.Invite, body: UasHarness.Offer, viaHost: viaHost), NatPublic);
        var call = await uas.Incoming;
        await call.AcceptAsync(Encoding.UTF8.GetBytes(UasHarness.Answer));
        var ok = uas.Channel.Responses(200).Single();
        uas.Deliver(UasHarness.InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"), NatPublic);
        _ = call.Session.HangupAsync(); // completes when the BYE is answered, which no one does here
        await Eventually.True(() => uas.Channel.Requests(SipMethods.Bye).Count > 0, "BYE");
        return (uas, ok);
    }

    [Fact]
    public async Task With_rport_the_BYE_goes_to_where_the_phones_requests_came_from()
    {
        var (uas, _) = await AnsweredFromNatAsync("198.51.100.7:5062;rport");

        var bye = uas.Channel.Sent.First(s => s.Message is SipRequest { Method: SipMethods.Bye });
        Assert.Equal(NatPublic.EndPoint, bye.Destination.EndPoint);
        Assert.Equal("198.51.100.7", ((SipRequest)bye.Message).RequestUri.Host); // Request-URI stays the Contact (§12.2.1.1)
    }

    [Fact]
    public async Task Without_rport_the_BYE_goes_to_the_Contact()
    {
        var (uas, _) = await AnsweredFromNatAsync("198.51.100.7:5062");

        var bye = uas.Channel.Sent.First(s => s.Message is SipRequest { Method: SipMethods.Bye });
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5062), bye.Destination.EndPoint);
    }

    [Fact]
    public async Task The_advertised_address_is_written_into_Contact_and_Via()
    {
        var (uas, ok) = await AnsweredFromNatAsync("198.51.100.7:5062;rport", new SipEndpointOptions { AdvertisedHost = "203.0.113.9" });

        Assert.Equal("203.0.113.9", ok.Contact!.Uri.Host);
        var bye = uas.Channel.Requests(SipMethods.Bye)[0];
        Assert.Equal("203.0.113.9", bye.TopVia!.Host);
    }
}
