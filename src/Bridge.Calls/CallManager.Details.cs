using Bridge.Conferencing.Admin;

namespace Bridge.Calls;

/// <summary>
/// <see cref="IParticipantDetails"/> for every participant of this bridge: a phone's id is its leg's (the SIP Call-ID); other
/// ids are asked of the browser gateway (once it exists), so browsers show in the admin API as phones do.
/// </summary>
public sealed partial class CallManager : IParticipantDetails
{
    /// <inheritdoc />
    ParticipantDetails? IParticipantDetails.Get(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        if (_legs.TryGetValue(participantId, out var leg))
        {
            return leg.IsReleased ? null : leg.GetDetails();
        }

        IParticipantDetails? browsers;
        lock (_browserLock)
        {
            browsers = _browserGateway;
        }

        return browsers?.Get(participantId);
    }
}
