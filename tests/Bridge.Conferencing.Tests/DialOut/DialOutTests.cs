using Bridge.Conferencing.DialOut;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Tests.Fakes;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Tests.DialOut;

/// <summary>Issue 12 dial-out in the conference logic: the moderator's <c>*7</c> number <c>#</c>, the allow check, the
/// prompts the moderator hears, and the invited person's "press 1".</summary>
public sealed class DialOutTests
{
    internal static readonly string Plan = """
        trunks:
          - name: closed-pbx
            match:
              addresses: ["192.0.2.9"]
          - name: office-pbx
            match:
              addresses: ["192.0.2.10"]
            register:
              registrar: "sip:192.0.2.10"
              user: "7000"
              password: "${BRIDGE_TEST_NEVER_SET}"
            dialOut:
              allow: ['/^1\d{3}$/']
              ringSeconds: 12
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            pin: "246810"
            moderatorPin: "135791"
          - number: "4718"
            pin: "565656"
            moderatorPin: "575757"
            language: de
        """;

    [Fact]
    public void A_moderator_keys_star_7_the_number_and_hash_and_the_allowed_trunk_calls_it()
    {
        var (h, dialer) = Setup();
        var (leg, call) = h.Join("4711", "135791", user: "0711555123");

        Harness.Type(call, "*7");
        Assert.Equal([PromptId.DialOutEnterNumber], leg.Last);
        Harness.Type(call, "1042#");

        var request = Assert.Single(dialer.Requests);
        Assert.Equal("1042", request.Number);
        Assert.Equal("office-pbx", request.Trunk.Name);
        Assert.Equal(12, request.Trunk.DialOut!.RingSeconds);
        Assert.Equal("4711", request.RoomNumber);
        Assert.Equal([PromptId.DialOutCalling], leg.Last);
        Assert.Contains(h.Logs.Lines, l => l.Contains("dials ***042 through trunk office-pbx", StringComparison.Ordinal));

        request.Completed(DialOutOutcome.Answered);
        Assert.Equal([PromptId.DialOutAnswered], leg.Last);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("1042", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DialOutOutcome.Declined, PromptId.DialOutDeclined)]
    [InlineData(DialOutOutcome.NoAnswer, PromptId.DialOutNoAnswer)]
    [InlineData(DialOutOutcome.Failed, PromptId.NotPossible)]
    public void The_moderator_hears_how_the_call_out_ended(DialOutOutcome outcome, PromptId heard)
    {
        var (h, dialer) = Setup();
        var (leg, call) = h.Join("4711", "135791");
        Harness.Type(call, "*71042#");

        Assert.Single(dialer.Requests).Completed(outcome);

        Assert.Equal([heard], leg.Last);
        Assert.False(leg.HungUp);
    }

    [Fact]
    public void A_number_no_trunk_allows_is_refused_with_a_prompt_and_a_masked_security_line()
    {
        var (h, dialer) = Setup();
        var (leg, call) = h.Join("4711", "135791");

        Harness.Type(call, "*7090012345678#");

        Assert.Empty(dialer.Requests);
        Assert.Equal([PromptId.DialOutNotAllowed], leg.Last);
        var line = Assert.Single(h.Logs.Lines, l => l.Contains("SECURITY dial-out-refused", StringComparison.Ordinal));
        Assert.Contains("number=***678", line, StringComparison.Ordinal);
        Assert.Contains("room=4711", line, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("090012345678", StringComparison.Ordinal));
    }

    [Fact]
    public void Star_clears_the_number_and_an_overlong_number_is_refused()
    {
        var (h, dialer) = Setup();
        var (_, call) = h.Join("4711", "135791");

        Harness.Type(call, "*79999*1042#");
        Assert.Equal("1042", Assert.Single(dialer.Requests).Number);

        Harness.Type(call, "*7" + new string('1', 40) + "#");
        Assert.Single(dialer.Requests);
    }

    [Fact]
    public void A_participant_cannot_dial_out()
    {
        var (h, dialer) = Setup();
        var (leg, call) = h.Join("4711", "246810");

        Harness.Type(call, "*71042#");

        Assert.Empty(dialer.Requests);
        Assert.DoesNotContain(PromptId.DialOutEnterNumber, leg.AllPrompts);
    }

    [Fact]
    public void Without_a_dialer_every_dial_out_is_refused()
    {
        var h = new Harness(plan: Plan);
        var (leg, call) = h.Join("4711", "135791");

        Harness.Type(call, "*71042#");

        Assert.Equal([PromptId.DialOutNotAllowed], leg.Last);
        Assert.Contains(h.Logs.Lines, l => l.Contains("reason=dial-out-unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_number_entry_is_abandoned_after_the_input_timeout()
    {
        var (h, dialer) = Setup();
        var (_, call) = h.Join("4711", "135791");
        Harness.Type(call, "*710");

        h.Time.Advance(TimeSpan.FromSeconds(11));
        Harness.Type(call, "42#");

        Assert.Empty(dialer.Requests);
    }

    [Fact]
    public void The_invited_person_hears_the_room_digit_by_digit_and_joins_with_1_without_a_pin()
    {
        var (h, _) = Setup();
        var leg = new FakeLeg("out-1", "1042", "192.0.2.10", secure: false);
        var call = h.Service.HandleNewCall(leg, RouteDecision.Invited("4711", MediaPolicy.PreferSecure));

        Assert.Equal([PromptId.Invited, PromptId.Number, PromptId.Number, PromptId.Digit, PromptId.Digit, PromptId.PressOneToJoin, PromptId.PressOneToJoin], leg.Last);
        Assert.Equal(["en/invited.wav", "en/number-4.wav", "en/number-7.wav", "en/digit-1.wav", "en/digit-1.wav"], leg.Played[^1].Take(5).Select(p => p.RelativePath));

        Harness.Type(call, "1");

        Assert.Equal(ConferenceRole.Participant, call.Role);
        Assert.True(h.Audio.Of("4711").Hears(leg));
        Assert.Contains(h.Logs.Lines, l => l.Contains("invited to room 4711: accepted", StringComparison.Ordinal));
    }

    [Fact]
    public void The_invitation_is_in_the_room_language()
    {
        var (h, _) = Setup();
        var leg = new FakeLeg("out-1", "1042", "192.0.2.10", secure: false);
        h.Service.HandleNewCall(leg, RouteDecision.Invited("4718", MediaPolicy.PreferSecure));

        Assert.Equal("de/invited.wav", leg.Played[^1][0].RelativePath);
        Assert.Equal("de/number-8.wav", leg.Played[^1][4].RelativePath);
    }

    [Fact]
    public void Any_other_key_ends_the_invitation_with_goodbye()
    {
        var (h, _) = Setup();
        var leg = new FakeLeg("out-1", "1042", "192.0.2.10", secure: false);
        var call = h.Service.HandleNewCall(leg, RouteDecision.Invited("4711", MediaPolicy.PreferSecure));

        Harness.Type(call, "2");

        Assert.Equal([PromptId.Goodbye], leg.Last);
        Assert.Equal(1, leg.HangupCount);
        Assert.Empty(h.Audio.Created);
    }

    [Fact]
    public void Ten_seconds_of_silence_after_the_invitation_end_the_call()
    {
        var (h, _) = Setup();
        var leg = new FakeLeg("out-1", "1042", "192.0.2.10", secure: false);
        h.Service.HandleNewCall(leg, RouteDecision.Invited("4711", MediaPolicy.PreferSecure));

        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(leg.HungUp);
        h.Time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.Equal([PromptId.Goodbye], leg.Last);
        Assert.Equal(1, leg.HangupCount);
        Assert.Contains(h.Logs.Lines, l => l.Contains("invited to room 4711: no key pressed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_outbound_trunk_is_the_first_whose_dial_out_allows_the_number()
    {
        var (h, _) = Setup();

        Assert.Equal("office-pbx", h.Service.DialOutTrunkFor("1042")?.Name);
        Assert.Null(h.Service.DialOutTrunkFor("0900123"));
    }

    internal static (Harness Harness, RecordingDialer Dialer) Setup()
    {
        var h = new Harness(plan: Plan);
        var dialer = new RecordingDialer();
        h.Service.Dialer = dialer;
        return (h, dialer);
    }

    internal sealed class RecordingDialer : IDialOutDialer
    {
        public List<DialOutRequest> Requests { get; } = [];

        public void Dial(DialOutRequest request) => Requests.Add(request);
    }
}
