using Bridge.Conferencing;

namespace Bridge.Calls.WebRtc;

/// <summary>Why the room ended this browser (<see cref="ILegEndReason"/>), kept for the page's last words.</summary>
internal sealed partial class WebRtcLeg : ILegEndReason
{
    private int _endReason;

    /// <summary>The room's reason, or <see cref="LegEndReason.Other"/>; readable from any thread.</summary>
    internal LegEndReason EndReason => (LegEndReason)Volatile.Read(ref _endReason);

    /// <inheritdoc />
    public void EndingBecause(LegEndReason reason) => Interlocked.CompareExchange(ref _endReason, (int)reason, (int)LegEndReason.Other);
}
