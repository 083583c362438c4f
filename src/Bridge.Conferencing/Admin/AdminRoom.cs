namespace Bridge.Conferencing.Admin;

/// <summary>A room as the admin sees it: configured in the dial plan, open now, or both.</summary>
/// <param name="Number">The room number.</param>
/// <param name="Name">Its name from the dial plan.</param>
/// <param name="Configured">True when the current dial plan defines it.</param>
/// <param name="Open">True while someone is in it.</param>
/// <param name="Locked">True when locked (only moderators may enter).</param>
/// <param name="Participants">Participants in it now.</param>
/// <param name="Moderators">Moderators among them.</param>
/// <param name="OpenedAt">When it opened; null when not open.</param>
public sealed record AdminRoom(string Number, string Name, bool Configured, bool Open, bool Locked, int Participants, int Moderators, DateTimeOffset? OpenedAt);
