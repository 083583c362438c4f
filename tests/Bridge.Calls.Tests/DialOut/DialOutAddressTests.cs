using Bridge.Conferencing.DialOut;
using Bridge.DialPlans;

namespace Bridge.Calls.Tests.DialOut;

/// <summary>Issue 12 dial-out: where the INVITE goes, whom it is from, and what the moderator hears for each final status.</summary>
public sealed class DialOutAddressTests
{
    [Fact]
    public void The_call_goes_to_the_registrar_from_the_registered_identity()
    {
        var trunk = Trunk("""
            register:
              registrar: "sip:127.0.0.1:19990"
              user: "7000"
              password: "${NEVER_SET}"
            dialOut:
              allow: ['/^\d{4}$/']
            """);

        var (target, from) = CallManager.DialOutAddresses(trunk, "1001")!.Value;

        Assert.Equal("sip:1001@127.0.0.1:19990", target.ToString());
        Assert.Equal("sip:7000@127.0.0.1:19990", from.ToString());
    }

    [Fact]
    public void A_dial_out_target_wins_over_the_registrar_and_keeps_its_parameters()
    {
        var trunk = Trunk("""
            register:
              registrar: "sip:pbx.example.org"
              user: "7000"
              password: "${NEVER_SET}"
            dialOut:
              allow: ['/^\d{4}$/']
              target: "sip:gw.example.org:5080;transport=tcp"
            """);

        var (target, from) = CallManager.DialOutAddresses(trunk, "1001")!.Value;

        Assert.Equal("gw.example.org", target.Host);
        Assert.Equal(5080, target.Port);
        Assert.Equal("1001", target.User);
        Assert.Equal("tcp", target.Transport);
        Assert.Equal("sip:7000@pbx.example.org", from.ToString());
    }

    [Fact]
    public void Without_target_or_registrar_or_with_a_strange_number_there_is_nowhere_to_call()
    {
        var bare = Trunk("""
            dialOut:
              allow: ['/^.+$/']
            """);
        var registered = Trunk("""
            dialOut:
              allow: ['/^.+$/']
              target: "sip:10.0.0.1"
            """);

        Assert.Null(CallManager.DialOutAddresses(bare, "1001"));
        Assert.Null(CallManager.DialOutAddresses(registered, "10;01"));
        Assert.Null(CallManager.DialOutAddresses(registered, "10@01"));
        Assert.Equal("sip:bridge@10.0.0.1", CallManager.DialOutAddresses(registered, "1001")!.Value.From.ToString());
    }

    [Theory]
    [InlineData(200, DialOutOutcome.Answered)]
    [InlineData(486, DialOutOutcome.Declined)]
    [InlineData(603, DialOutOutcome.Declined)]
    [InlineData(404, DialOutOutcome.Declined)]
    [InlineData(487, DialOutOutcome.NoAnswer)]
    [InlineData(480, DialOutOutcome.NoAnswer)]
    [InlineData(408, DialOutOutcome.NoAnswer)]
    [InlineData(403, DialOutOutcome.Failed)]
    [InlineData(503, DialOutOutcome.Failed)]
    public void Final_statuses_map_to_what_the_moderator_hears(int status, DialOutOutcome outcome) =>
        Assert.Equal(outcome, CallManager.Classify(status));

    private static Bridge.DialPlans.Trunks.TrunkConfig Trunk(string body)
    {
        var indented = string.Join("\n", body.Split('\n').Select(l => "    " + l));
        var result = DialPlanLoader.LoadText("trunks:\n  - name: pbx\n    match:\n      addresses: [\"10.0.0.1\"]\n" + indented + "\nroutes:\n  - dialled: \"x\"\n    ask: room\n");
        Assert.Empty(result.Errors);
        return result.Plan!.Trunks.Named("pbx")!;
    }
}
