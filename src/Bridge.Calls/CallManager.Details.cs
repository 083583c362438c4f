using Bridge.Conferencing.Admin;

namespace Bridge.Calls;

/// <summary>The phones' side of <see cref="IParticipantDetails"/>: a participant's id is its leg's (the SIP Call-ID).</summary>
public sealed partial class CallManager : IParticipantDetails
{
    /// <inheritdoc />
    ParticipantDetails? IParticipantDetails.Get(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return _legs.TryGetValue(participantId, out var leg) && !leg.IsReleased ? leg.GetDetails() : null;
    }
}
