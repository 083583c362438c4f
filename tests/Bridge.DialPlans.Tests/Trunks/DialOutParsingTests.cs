using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans.Tests.Trunks;

/// <summary>The <c>dialOut:</c> block's ring time and target (issue 12 dial-out).</summary>
public sealed class DialOutParsingTests
{
    [Fact]
    public void Ring_time_and_target_are_read_and_default_to_30_s_and_the_registrar()
    {
        var result = DialPlanLoader.LoadText("""
            trunks:
              - name: a
                match:
                  addresses: ["10.0.0.1"]
                dialOut:
                  allow: ['/^\d{4}$/']
                  ringSeconds: 45
                  target: "sip:pbx.example.org;transport=tcp"
              - name: b
                match:
                  addresses: ["10.0.0.2"]
                dialOut:
                  allow: ['/^\d{4}$/']
            routes:
              - dialled: "x"
                ask: room
            """);

        Assert.Empty(result.Errors);
        var a = result.Plan!.Trunks.Named("a")!.DialOut!;
        Assert.Equal(45, a.RingSeconds);
        Assert.Equal("sip:pbx.example.org;transport=tcp", a.Target);
        var b = result.Plan.Trunks.Named("b")!.DialOut!;
        Assert.Equal(DialOutPolicy.DefaultRingSeconds, b.RingSeconds);
        Assert.Null(b.Target);
    }
}
