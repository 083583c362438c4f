namespace Bridge.Conferencing;

/// <summary>A read-only view of an open room for the admin API and metrics.</summary>
public sealed record RoomSnapshot(string Number, string Name, int Participants, int Moderators, bool Locked, DateTimeOffset OpenedAt);
