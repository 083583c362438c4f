using Bridge.Calls.Legs;
using Bridge.Media.Mixing;

namespace Bridge.Calls.Media;

/// <summary>A two-member room: the caller, and a port that plays the caller's own audio back late.</summary>
internal sealed class EchoTest(CallLeg leg, TimeSpan delay)
{
    public MixRoom Room { get; } = new("echo-" + leg.Id);

    public EchoPort Port { get; } = new(leg.CodecName, leg.Codec.SamplesPerFrame, delay);
}
