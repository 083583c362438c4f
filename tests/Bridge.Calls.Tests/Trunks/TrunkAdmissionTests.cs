using System.Net;
using System.Text;
using Bridge.Calls.Trunks;
using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transport;

namespace Bridge.Calls.Tests.Trunks;

/// <summary>Issue 12: calls through a declared trunk count against the trunk's limits and per caller behind it.</summary>
public sealed class TrunkAdmissionTests
{
    private const long Hz = 1000;

    private const string Plan = """
        trunks:
          - name: pbx
            match:
              addresses: ["10.1.2.3", "2001:db8:1::/48"]
            limits:
              calls: 4
              callsPerSecond: 2
            trustIdentity: true
            stripPrefix: "+49 711 1234"
          - name: untrusted
            match:
              addresses: ["10.9.0.0/16"]
        routes:
          - dialled: '/^(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            pin: "583920"
        """;

    private static readonly TrunkTable Trunks = DialPlanLoader.LoadText(Plan).Plan!.Trunks;

    private static TrunkConfig Pbx => Trunks.Named("pbx")!;

    [Fact]
    public void A_trunk_gets_its_own_concurrent_limit_beyond_the_per_source_one()
    {
        var admission = new CallAdmission(maxCallsPerSource: 1, maxCalls: 100);
        var t = 0L;
        Assert.True(admission.TryAdmit(Pbx, "alice", t, Hz));
        Assert.True(admission.TryAdmit(Pbx, "bob", t += 500, Hz));
        Assert.True(admission.TryAdmit(Pbx, "carol", t += 500, Hz));
        Assert.True(admission.TryAdmit(Pbx, "dave", t += 500, Hz));
        Assert.False(admission.TryAdmit(Pbx, "erin", t += 500, Hz)); // calls: 4
        Assert.Equal(4, admission.CountThrough("pbx"));
        admission.Release(Pbx, "bob");
        Assert.True(admission.TryAdmit(Pbx, "erin", t += 500, Hz));
        Assert.Equal(4, admission.Count);
    }

    [Fact]
    public void One_caller_behind_the_trunk_is_held_to_the_per_source_limit_alone()
    {
        var admission = new CallAdmission(maxCallsPerSource: 1, maxCalls: 100);
        Assert.True(admission.TryAdmit(Pbx, "mallory", 0, Hz));
        Assert.False(admission.TryAdmit(Pbx, "mallory", 1000, Hz));
        Assert.True(admission.TryAdmit(Pbx, "alice", 2000, Hz));
    }

    [Fact]
    public void The_call_rate_of_the_trunk_is_a_bucket_with_one_second_of_burst()
    {
        var admission = new CallAdmission(maxCallsPerSource: 10, maxCalls: 100);
        Assert.True(admission.TryAdmit(Pbx, "a", 0, Hz));
        Assert.True(admission.TryAdmit(Pbx, "b", 0, Hz));
        Assert.False(admission.TryAdmit(Pbx, "c", 0, Hz)); // 2/s
        Assert.False(admission.TryAdmit(Pbx, "c", 100, Hz));
        Assert.True(admission.TryAdmit(Pbx, "c", 500, Hz)); // one token after half a second
        Assert.Equal(3, admission.CountThrough("pbx"));
    }

    [Fact]
    public void The_bridge_total_still_applies_to_trunks()
    {
        var admission = new CallAdmission(maxCallsPerSource: 10, maxCalls: 2);
        Assert.True(admission.TryAdmit(IPAddress.Parse("192.0.2.1")));
        Assert.True(admission.TryAdmit(Pbx, "a", 0, Hz));
        Assert.False(admission.TryAdmit(Pbx, "b", 1000, Hz));
    }

    [Fact]
    public void The_caller_comes_from_the_asserted_identity_only_of_a_trusting_trunk()
    {
        var invite = Invite("P-Asserted-Identity: <sip:4711@pbx>\r\n");

        var fromPbx = TrunkCaller.Of(Trunks, invite, Udp("10.1.2.3"));
        var fromUntrusted = TrunkCaller.Of(Trunks, invite, Udp("10.9.1.1"));
        var fromStranger = TrunkCaller.Of(Trunks, invite, Udp("203.0.113.5"));

        Assert.Equal(("pbx", "4711"), (fromPbx.Trunk?.Name, fromPbx.User));
        Assert.Equal(("untrusted", "mallory"), (fromUntrusted.Trunk?.Name, fromUntrusted.User));
        Assert.Equal((null, "mallory"), (fromStranger.Trunk?.Name, fromStranger.User));
        Assert.Equal("pbx", fromPbx.ToSource().Trunk);
        Assert.Null(fromStranger.ToSource().Trunk);
    }

    [Fact]
    public void The_dialled_number_is_normalised_only_for_the_trunk()
    {
        var invite = Invite("");
        var fromPbx = TrunkCaller.Of(Trunks, invite, Udp("2001:db8:1::7"));
        var fromStranger = TrunkCaller.Of(Trunks, invite, Udp("203.0.113.5"));

        Assert.Equal("4711", fromPbx.Dialled("+497111234-4711"));
        Assert.Equal("+497111234-4711", fromStranger.Dialled("+497111234-4711"));
    }

    private static SipRemote Udp(string address) => new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse(address), 5060));

    private static SipRequest Invite(string extra)
    {
        var text =
            "INVITE sip:+497111234-4711@bridge SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.1.2.3:5060;branch=z9hG4bK-1\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:mallory@pbx>;tag=1\r\n" +
            "To: <sip:+497111234-4711@bridge>\r\n" +
            "Call-ID: c1@pbx\r\n" +
            "CSeq: 1 INVITE\r\n" +
            extra +
            "Content-Length: 0\r\n\r\n";
        return (SipRequest)SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), SipParserLimits.Default).Message!;
    }
}
