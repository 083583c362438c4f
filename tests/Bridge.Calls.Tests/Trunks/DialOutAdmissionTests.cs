using Bridge.DialPlans;
using Bridge.DialPlans.Trunks;

namespace Bridge.Calls.Tests.Trunks;

/// <summary>Issue 12: a call out counts against its trunk's <c>limits.calls</c> together with the calls in.</summary>
public sealed class DialOutAdmissionTests
{
    private static readonly TrunkTable Trunks = DialPlanLoader.LoadText("""
        trunks:
          - name: pbx
            match:
              addresses: ["10.1.2.3"]
            limits:
              calls: 2
              callsPerSecond: 1
          - name: open
            match:
              addresses: ["10.1.2.4"]
        routes:
          - dialled: '/^(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            pin: "583920"
        """).Plan!.Trunks;

    private static TrunkConfig Pbx => Trunks.Named("pbx")!;

    [Fact]
    public void Calls_out_and_in_share_the_trunk_limit_and_a_released_call_frees_its_place()
    {
        var admission = new CallAdmission(maxCallsPerSource: 10, maxCalls: 100);

        Assert.True(admission.TryAdmit(Pbx, "alice", 0, 1000));
        Assert.True(admission.TryAdmitOutgoing(Pbx)); // not held by callsPerSecond: 1, which limits the PBX's calls to us
        Assert.False(admission.TryAdmitOutgoing(Pbx)); // calls: 2
        Assert.False(admission.TryAdmit(Pbx, "bob", 5000, 1000));
        Assert.Equal(2, admission.CountThrough("pbx"));

        admission.ReleaseOutgoing(Pbx);
        Assert.True(admission.TryAdmitOutgoing(Pbx));
        admission.Release(Pbx, "alice");
        admission.ReleaseOutgoing(Pbx);
        Assert.Equal(0, admission.Count);
        admission.ReleaseOutgoing(Pbx); // once too often: nothing goes below zero
        Assert.Equal(0, admission.Count);
    }

    [Fact]
    public void A_trunk_without_limits_is_held_only_by_the_bridge_total()
    {
        var admission = new CallAdmission(maxCallsPerSource: 1, maxCalls: 2);
        var open = Trunks.Named("open")!;

        Assert.True(admission.TryAdmitOutgoing(open));
        Assert.True(admission.TryAdmitOutgoing(open));
        Assert.False(admission.TryAdmitOutgoing(open));
    }
}
