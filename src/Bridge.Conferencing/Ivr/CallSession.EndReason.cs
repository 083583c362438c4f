namespace Bridge.Conferencing.Ivr;

/// <summary>Tells a leg that shows its user why it ended (<see cref="ILegEndReason"/>: a browser) the room's reason.</summary>
internal sealed partial class CallSession
{
    private void NoteEndReason(LegEndReason reason)
    {
        if (Leg is ILegEndReason leg)
        {
            leg.EndingBecause(reason);
        }
    }
}
