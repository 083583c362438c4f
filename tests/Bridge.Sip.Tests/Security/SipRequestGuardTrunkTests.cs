using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Security;

/// <summary>Issue 12: a declared trunk's address is never banned; the flood ban keys on the caller behind it.</summary>
public sealed class SipRequestGuardTrunkTests
{
    private static readonly IPAddress Pbx = IPAddress.Parse("10.1.2.3");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.9");

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();
    private readonly FakeLiveCalls _calls = new();

    private SipRequestGuard Guard(SipTrunk trunk) =>
        new(new SipGuardOptions { RequestsPerSecond = 10, Burst = 5, BanDuration = TimeSpan.FromSeconds(60) }, _time, _log, _calls, new Directory(trunk));

    private static SipRemote Udp(IPAddress address) => new(SipTransportNames.Udp, new IPEndPoint(address, 5060));

    private static SipRequest InviteFrom(string assertedUser, string callId = "c@pbx") =>
        SipText.Request(SipMethods.Invite, callId: callId, extra: $"P-Asserted-Identity: \"Caller\" <sip:{assertedUser}@pbx.example.org>, <tel:+49711{assertedUser}>\n");

    [Fact]
    public void A_trunk_sends_far_beyond_the_per_source_burst_without_being_banned()
    {
        var guard = Guard(new SipTrunk { Name = "pbx", CallsPerSecond = 30 });

        // 30 calls/s × 20 messages = 600/s budget, 1200 burst: 1000 datagrams at once pass.
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Pbx));
        }

        Assert.False(guard.IsBanned(Pbx));
        Assert.Empty(_log.Lines);

        // An undeclared source still has the per-source burst of 5.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Stranger));
        }

        Assert.Equal(SipGuardDecision.Drop, guard.CheckSource(Stranger));
        Assert.True(guard.IsBanned(Stranger));
    }

    [Fact]
    public void Over_its_budget_a_trunk_is_throttled_not_banned()
    {
        var guard = Guard(new SipTrunk { Name = "pbx", CallsPerSecond = 1 }); // budget max(10, 20)=20/s, burst 40
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Pbx));
        }

        Assert.Equal(SipGuardDecision.Drop, guard.CheckSource(Pbx));
        _time.Advance(TimeSpan.FromMilliseconds(100)); // 2 tokens back
        Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Pbx));
        Assert.False(guard.IsBanned(Pbx));
    }

    [Fact]
    public void One_flooding_caller_behind_a_trusted_trunk_is_banned_alone()
    {
        var guard = Guard(new SipTrunk { Name = "pbx", CallsPerSecond = 30, TrustIdentity = true });
        for (var i = 0; i < 5; i++)
        {
            Assert.True(guard.Admit(InviteFrom("4711"), Udp(Pbx)));
        }

        Assert.False(guard.Admit(InviteFrom("4711"), Udp(Pbx)));
        Assert.False(guard.Admit(InviteFrom("4711"), Udp(Pbx)));
        Assert.True(guard.IsCallerBanned("pbx", "4711"));
        Assert.True(guard.Admit(InviteFrom("4712"), Udp(Pbx)));
        Assert.False(guard.IsBanned(Pbx));
        var line = Assert.Single(_log.Lines);
        Assert.Equal("SECURITY flood-ban-caller source=10.1.2.3 trunk=pbx user=***711 requests=6 ban=60s", line);
    }

    [Fact]
    public void A_banned_callers_live_call_goes_on()
    {
        var guard = Guard(new SipTrunk { Name = "pbx", TrustIdentity = true });
        _calls.Calls.Add((Pbx, "live@pbx"));
        for (var i = 0; i < 6; i++)
        {
            guard.Admit(InviteFrom("4711"), Udp(Pbx));
        }

        Assert.True(guard.IsCallerBanned("pbx", "4711"));
        Assert.True(guard.Admit(SipText.Request(SipMethods.Bye, callId: "live@pbx", toTag: "t", extra: "P-Asserted-Identity: <sip:4711@pbx>\n"), Udp(Pbx)));
        Assert.False(guard.Admit(InviteFrom("4711", "new@pbx"), Udp(Pbx)));
    }

    [Fact]
    public void An_untrusted_trunk_keys_on_the_From_user_and_ignores_the_asserted_identity()
    {
        var guard = Guard(new SipTrunk { Name = "pbx" });
        for (var i = 0; i < 5; i++)
        {
            Assert.True(guard.Admit(InviteFrom("47" + i), Udp(Pbx))); // rotating PAI does not buy more requests
        }

        Assert.False(guard.Admit(InviteFrom("4799"), Udp(Pbx)));
        Assert.True(guard.IsCallerBanned("pbx", "alice123456"));
    }

    [Fact]
    public void Asserted_identity_is_read_from_sip_and_tel_uris()
    {
        Assert.Equal("4711", SipAssertedIdentity.AssertedUser(InviteFrom("4711")));
        Assert.Equal("+497114711", SipAssertedIdentity.AssertedUser(SipText.Request(SipMethods.Invite, extra: "P-Asserted-Identity: <tel:+497114711>\n")));
        Assert.Null(SipAssertedIdentity.AssertedUser(SipText.Request(SipMethods.Invite, extra: "P-Asserted-Identity: garbage<<\n")));
        Assert.Null(SipAssertedIdentity.AssertedUser(SipText.Request(SipMethods.Invite)));
        Assert.Equal("alice123456", SipAssertedIdentity.CallerOf(InviteFrom("4711"), trustAsserted: false));
        Assert.Equal("4711", SipAssertedIdentity.CallerOf(InviteFrom("4711"), trustAsserted: true));
        Assert.Equal("alice123456", SipAssertedIdentity.CallerOf(SipText.Request(SipMethods.Invite), trustAsserted: true));
    }

    [Fact]
    public void The_asserted_identity_is_never_echoed_back_in_a_response()
    {
        // RFC 3325 §5: the identity must not leave the trust domain; our answers copy only the §8.2.6.2 headers.
        var invite = InviteFrom("4711");
        foreach (var status in new[] { 100, 180, 200, 401, 403, 486 })
        {
            Assert.Null(SipResponse.CreateFor(invite, status).Headers[SipAssertedIdentity.HeaderName]);
        }
    }

    private sealed class Directory(SipTrunk trunk) : ISipTrunkDirectory
    {
        public SipTrunk? Find(IPAddress source, string? certificateSubject) => source.Equals(Pbx) ? trunk : null;
    }
}
