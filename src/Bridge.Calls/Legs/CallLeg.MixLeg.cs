using Bridge.Calls.Media;

namespace Bridge.Calls.Legs;

/// <summary>A SIP leg moves between lobby and rooms like any <see cref="IMixLeg"/> (its members are in CallLeg.cs).</summary>
internal sealed partial class CallLeg : IMixLeg
{
}
