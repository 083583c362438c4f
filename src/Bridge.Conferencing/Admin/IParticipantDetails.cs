namespace Bridge.Conferencing.Admin;

/// <summary>
/// Live media details of participants by id, for the admin API and metrics. Implemented by Bridge.Calls (phones) and
/// by the browser leg. Safe from any thread; reads figures, changes nothing.
/// </summary>
public interface IParticipantDetails
{
    /// <summary>The participant's details, or null when no leg with <paramref name="participantId"/> is live here.</summary>
    ParticipantDetails? Get(string participantId);
}
