using Bridge.Conferencing.Admin;

namespace Bridge.Web.Tests.Fakes;

internal sealed class FakeServiceStatus : IServiceStatus
{
    public DateTimeOffset StartedAt { get; } = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    public MixerHealth GetMixerHealth() => new(2, 2, 1000, 3, 0, 450, 120, 0, 8_200, 4, 1);

    public DialPlanStatus GetDialPlanStatus() => new(["/etc/bridge/dialplans/default.yaml"], 4, 6, null, true, ["/etc/bridge/dialplans/default.yaml:12:9"]);
}
