namespace Bridge.Conferencing.Rooms;

/// <summary>The room's side of a dial-out asked from the page: the asker's role, if it is an admitted member.</summary>
internal sealed partial class ConferenceRoom
{
    /// <summary>The role of the admitted (not waiting) member on leg <paramref name="legId"/>; null when there is none.</summary>
    internal ConferenceRole? AdmittedRoleOf(string legId) =>
        FindByLegId(legId) is { Waiting: false } member ? member.Role : null;
}
