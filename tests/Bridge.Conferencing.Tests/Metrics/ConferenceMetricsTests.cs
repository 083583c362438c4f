using Bridge.Conferencing.Metrics;
using Bridge.Conferencing.Tests.Fakes;

namespace Bridge.Conferencing.Tests.Metrics;

public sealed class ConferenceMetricsTests
{
    [Fact]
    public void RoomsParticipantsAndPinFailuresMove()
    {
        var h = new Harness();
        h.Join("4711", "246810");
        h.Join("4711", "246810", user: "bob");
        var (_, wrong) = h.Dial("74712", user: "mallory");
        Harness.Type(wrong, "000000#");

        var writer = new MetricsWriter();
        h.Service.Collect(writer);
        var lines = writer.ToString().Split('\n');
        Assert.Contains("bridge_rooms 1", lines);
        Assert.Contains("bridge_participants 2", lines);
        Assert.Contains("bridge_rooms_locked 0", lines);
        Assert.Contains("bridge_pin_failures_total 1", lines);
        Assert.Contains("bridge_pin_lockouts_total 0", lines);
    }
}
