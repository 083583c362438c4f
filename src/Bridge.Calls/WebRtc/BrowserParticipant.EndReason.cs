using Bridge.Conferencing;
using Bridge.Conferencing.Browser;

namespace Bridge.Calls.WebRtc;

/// <summary>Why the room ended the browser (removed, meeting ended, denied), for the page (<see cref="IBrowserEndReason"/>).</summary>
internal sealed partial class BrowserParticipant : IBrowserEndReason
{
    public LegEndReason EndReason => Leg.EndReason;
}
