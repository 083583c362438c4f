using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Ivr;

/// <summary>Issue 11: after the 200 OK, any failure in the conference logic ends the call (BYE), never a silent call.</summary>
public sealed class CallFailureTests
{
    [Fact]
    public void A_call_whose_welcome_prompt_cannot_be_played_is_hung_up()
    {
        var harness = new Harness();
        var leg = new FakeLeg("leg-broken") { PlayFailure = new IOException("prompts/en/welcome.wav not found") };

        harness.Service.HandleNewCall(leg, harness.Service.Route("74711"));

        Assert.True(leg.HungUp);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("leg-broken: conference action failed, hanging up", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failure_on_a_digit_hangs_up_that_call_and_the_others_go_on()
    {
        var harness = new Harness();
        var (broken, brokenCall) = harness.Dial("74711");
        var (healthy, healthyCall) = harness.Dial("74711");
        broken.PlayFailure = new InvalidOperationException("IVR bug");

        Harness.Type(brokenCall, "1#");
        Harness.Type(healthyCall, "246810#");

        Assert.True(broken.HungUp);
        Assert.False(healthy.HungUp);
        Assert.Equal(Bridge.Conferencing.ConferenceRole.Participant, healthyCall.Role);
    }
}
