namespace Bridge.Conferencing.Roster;

/// <summary>
/// One participant of a room as others may see it: a browser by the name it gave, a phone as
/// <c>Phone ***123</c> (masked like the logs; never the full number). Shared by the web roster and the admin API.
/// </summary>
public sealed record RosterEntry(
    string Id,
    string Label,
    ParticipantKind Kind,
    ConferenceRole Role,
    bool Muted,
    DateTimeOffset JoinedAt);
