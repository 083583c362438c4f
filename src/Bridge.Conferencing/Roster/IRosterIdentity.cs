namespace Bridge.Conferencing.Roster;

/// <summary>
/// Implemented by a leg that is not a phone (a browser): how it reached the room and the name it gave. A leg without it
/// is a phone, listed as <c>Phone ***123</c> from its <see cref="CallerSource"/>.
/// </summary>
public interface IRosterIdentity
{
    /// <summary>How the participant reached the room.</summary>
    ParticipantKind Kind { get; }

    /// <summary>The name to show, already cleaned (<see cref="Browser.BrowserNames.Clean"/>).</summary>
    string DisplayName { get; }
}
