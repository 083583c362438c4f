using System.Net;
using Bridge.Sip.Messages;
using Bridge.Sip.Security;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Security;

public sealed class SipRequestGuardTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress Phone = IPAddress.Parse("198.51.100.7");

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();
    private readonly FakeLiveCalls _calls = new();

    private SipRequestGuard Guard(SipGuardOptions? options = null) =>
        new(options ?? new SipGuardOptions { RequestsPerSecond = 10, Burst = 5, BanDuration = TimeSpan.FromSeconds(60) }, _time, _log, _calls);

    private static SipRemote Udp(IPAddress address) => new(SipTransportNames.Udp, new IPEndPoint(address, 5060));

    private static SipRemote Tcp(IPAddress address) => new(SipTransportNames.Tcp, new IPEndPoint(address, 5060));

    [Fact]
    public void A_source_gets_its_burst_then_is_dropped_and_banned_with_one_fixed_format_log_line()
    {
        var guard = Guard();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Attacker));
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SipGuardDecision.Drop, guard.CheckSource(Attacker));
        }

        Assert.True(guard.IsBanned(Attacker));
        var line = Assert.Single(_log.Lines);
        Assert.Equal("SECURITY flood-ban source=203.0.113.9 requests=6 ban=60s", line);
        Assert.Equal(1, guard.Statistics.Bans);
        Assert.Equal(50, guard.Statistics.Dropped);
    }

    [Fact]
    public void Tokens_refill_at_the_configured_rate()
    {
        var guard = Guard();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Phone));
        }

        _time.Advance(TimeSpan.FromMilliseconds(100)); // 10/s: one token
        Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Phone));
        Assert.Equal(SipGuardDecision.Drop, guard.CheckSource(Phone));
    }

    [Fact]
    public void A_steady_source_within_its_rate_is_never_banned()
    {
        var guard = Guard();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Phone));
            _time.Advance(TimeSpan.FromMilliseconds(101));
        }

        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void The_ban_lasts_its_duration_although_the_bucket_refilled_then_ends()
    {
        var guard = Guard();
        for (var i = 0; i < 6; i++)
        {
            guard.CheckSource(Attacker);
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(SipGuardDecision.Drop, guard.CheckSource(Attacker));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(guard.IsBanned(Attacker));
        Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Attacker));
    }

    [Fact]
    public void Another_source_is_not_affected_by_a_ban()
    {
        var guard = Guard();
        for (var i = 0; i < 100; i++)
        {
            guard.CheckSource(Attacker);
        }

        Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Phone));
        Assert.True(guard.Admit(SipText.Request(SipMethods.Options), Udp(Phone)));
    }

    [Fact]
    public void A_banned_source_with_a_live_call_keeps_that_call_but_nothing_else()
    {
        _calls.Calls.Add((Phone, "live-call@phone"));
        var guard = Guard();
        for (var i = 0; i < 5; i++)
        {
            guard.CheckSource(Phone);
        }

        Assert.Equal(SipGuardDecision.InDialogOnly, guard.CheckSource(Phone));
        Assert.True(guard.Admit(SipText.Request(SipMethods.Bye, callId: "live-call@phone", toTag: "t1"), Udp(Phone)));
        Assert.True(guard.Admit(SipText.Request(SipMethods.Ack, callId: "live-call@phone", toTag: "t1"), Udp(Phone)));
        Assert.False(guard.Admit(SipText.Request(SipMethods.Invite, callId: "new-call@phone"), Udp(Phone)));
        Assert.False(guard.Admit(SipText.Request(SipMethods.Bye, callId: "someone-else@phone", toTag: "t1"), Udp(Phone)));
    }

    [Fact]
    public void The_live_call_question_is_cached_for_a_second_so_a_flood_does_not_scan_sessions_per_packet()
    {
        _calls.Calls.Add((Phone, "live-call@phone"));
        var guard = Guard();
        for (var i = 0; i < 10_000; i++)
        {
            guard.CheckSource(Phone);
        }

        Assert.Equal(1, _calls.HasCallsQueries);
        _time.Advance(TimeSpan.FromSeconds(1));
        guard.CheckSource(Phone);
        Assert.Equal(2, _calls.HasCallsQueries);
    }

    [Theory]
    [InlineData("friendly-scanner")]
    [InlineData("sipvicious 0.3.3")]
    [InlineData("SIPCLI/v1.0")]
    [InlineData("VaxSIPUserAgent/3.1")]
    [InlineData("pplsip")]
    public void Known_scanner_user_agents_are_dropped_and_logged_once(string agent)
    {
        var guard = Guard();
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.False(guard.Admit(SipText.Request(SipMethods.Options, extra: $"User-Agent: {agent}\n"), Udp(Attacker)));
        }

        Assert.Equal($"SECURITY scanner source=203.0.113.9 agent={SipRequestGuard.Printable(agent)}", Assert.Single(_log.Lines));
        Assert.Equal(3, guard.Statistics.ScannerDropped);
        Assert.False(guard.IsBanned(Attacker));
    }

    [Fact]
    public void Ordinary_user_agents_pass_and_scanners_pass_when_the_check_is_off()
    {
        Assert.True(Guard().Admit(SipText.Request(SipMethods.Invite, extra: "User-Agent: baresip v1.0.0 (x86_64/linux)\n"), Udp(Phone)));
        var off = Guard(new SipGuardOptions { DropScanners = false });
        Assert.True(off.Admit(SipText.Request(SipMethods.Register, extra: "User-Agent: friendly-scanner\n"), Udp(Attacker)));
    }

    [Fact]
    public void The_agent_in_the_log_is_one_printable_token_of_at_most_64_characters()
    {
        Assert.Equal("evil_agent_\u0001x".Length, SipRequestGuard.Printable("evil agent\t\u0001x").Length);
        Assert.Equal("evil_agent__x", SipRequestGuard.Printable("evil agent\t\u0001x"));
        Assert.Equal(64, SipRequestGuard.Printable(new string('a', 500)).Length);
    }

    [Fact]
    public void Stream_messages_are_rate_limited_in_Admit()
    {
        var guard = Guard();
        var options = SipText.Request(SipMethods.Options);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(guard.Admit(options, Tcp(Attacker)));
        }

        Assert.False(guard.Admit(options, Tcp(Attacker)));
        Assert.True(guard.IsBanned(Attacker));
    }

    [Fact]
    public void A_flood_from_many_addresses_cannot_flood_the_log()
    {
        var guard = Guard(new SipGuardOptions { RequestsPerSecond = 1, Burst = 1, MaxSecurityLogLinesPerMinute = 10 });
        for (var host = 1; host <= 200; host++)
        {
            var source = new IPAddress([10, 0, (byte)(host / 256), (byte)host]);
            guard.CheckSource(source);
            guard.CheckSource(source);
        }

        Assert.Equal(10, _log.Lines.Count);
        Assert.Equal(190, guard.Statistics.SuppressedLogLines);
        Assert.Equal(200, guard.Statistics.Bans);
    }

    [Fact]
    public void The_source_table_is_bounded_and_sources_beyond_it_share_one_bucket()
    {
        var guard = Guard(new SipGuardOptions { RequestsPerSecond = 1, Burst = 3, MaxTrackedSources = 4 });
        var decisions = new List<SipGuardDecision>();
        for (var host = 1; host <= 100; host++)
        {
            decisions.Add(guard.CheckSource(new IPAddress([10, 1, 0, (byte)host])));
        }

        Assert.Equal(4, guard.Statistics.TrackedSources);

        // 4 tracked sources took one token each; the other 96 share 3 tokens.
        Assert.Equal(4 + 3, decisions.Count(d => d == SipGuardDecision.Allow));
    }

    [Fact]
    public void Idle_sources_are_swept_when_the_table_is_full()
    {
        var guard = Guard(new SipGuardOptions { RequestsPerSecond = 10, Burst = 5, MaxTrackedSources = 4 });
        for (var host = 1; host <= 4; host++)
        {
            guard.CheckSource(new IPAddress([10, 1, 0, (byte)host]));
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Phone));
        Assert.Equal(1, guard.Statistics.TrackedSources);
    }

    [Fact]
    public void A_disabled_guard_lets_everything_through()
    {
        var guard = Guard(new SipGuardOptions { Enabled = false, Burst = 1 });
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(SipGuardDecision.Allow, guard.CheckSource(Attacker));
        }

        Assert.True(guard.Admit(SipText.Request(SipMethods.Options, extra: "User-Agent: friendly-scanner\n"), Udp(Attacker)));
    }

    [Fact]
    public void The_raw_check_of_a_known_source_allocates_nothing()
    {
        var guard = Guard(new SipGuardOptions { RequestsPerSecond = 1_000_000, Burst = 1_000_000 });
        guard.CheckSource(Phone);
        guard.CheckSource(Attacker);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            guard.CheckSource(Phone);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 10)]
    [InlineData(10, 0)]
    public void Options_that_cannot_work_are_refused(double rate, int burst) =>
        Assert.Throws<ArgumentException>(() => new SipGuardOptions { RequestsPerSecond = rate, Burst = burst }.Validate());
}
