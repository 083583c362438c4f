using System.Net;

namespace Bridge.Calls.Tests;

public sealed class CallAdmissionTests
{
    private static readonly IPAddress Trunk = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress Phone = IPAddress.Parse("192.0.2.20");

    [Fact]
    public void A_source_gets_its_limit_and_no_more_while_others_still_get_in()
    {
        var admission = new CallAdmission(maxCallsPerSource: 3, maxCalls: 10);
        Assert.True(admission.TryAdmit(Trunk));
        Assert.True(admission.TryAdmit(Trunk));
        Assert.True(admission.TryAdmit(Trunk));
        Assert.False(admission.TryAdmit(Trunk));
        Assert.True(admission.TryAdmit(Phone));
        Assert.Equal(4, admission.Count);
    }

    [Fact]
    public void The_total_limit_holds_across_sources()
    {
        var admission = new CallAdmission(maxCallsPerSource: 5, maxCalls: 4);
        for (var host = 1; host <= 4; host++)
        {
            Assert.True(admission.TryAdmit(new IPAddress([10, 0, 0, (byte)host])));
        }

        Assert.False(admission.TryAdmit(Phone));
    }

    [Fact]
    public void An_ended_call_frees_its_place()
    {
        var admission = new CallAdmission(maxCallsPerSource: 1, maxCalls: 1);
        Assert.True(admission.TryAdmit(Trunk));
        Assert.False(admission.TryAdmit(Phone));
        admission.Release(Trunk);
        Assert.Equal(0, admission.Count);
        Assert.True(admission.TryAdmit(Phone));

        // Releasing a source that has no call changes nothing.
        admission.Release(Trunk);
        Assert.Equal(1, admission.Count);
    }
}
