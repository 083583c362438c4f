namespace Bridge.Conferencing.Roster;

/// <summary>
/// One participant of a room as others may see it: a browser by the name it gave, a phone as
/// <c>Phone ***123</c> (masked like the logs; never the full number) unless a moderator renamed it. Shared by the web
/// roster and the admin API.
/// </summary>
public sealed record RosterEntry(
    string Id,
    string Label,
    ParticipantKind Kind,
    ConferenceRole Role,
    bool Muted,
    DateTimeOffset JoinedAt)
{
    /// <summary>True while the mixer's talker detection hears the participant (read from the mixer's per-tick state).</summary>
    public bool Talking { get; init; }

    /// <summary>True while the participant's hand is raised (<c>*9</c> on a phone, the page's Raise hand button).</summary>
    public bool HandRaised { get; init; }

    /// <summary>True while the participant waits in the room's lobby for a moderator to admit it (hears and is heard by nobody).</summary>
    public bool Waiting { get; init; }

    /// <summary>True when <see cref="Label"/> is a name a moderator gave a phone (display only), not <c>Phone ***123</c>.</summary>
    public bool Renamed { get; init; }
}
