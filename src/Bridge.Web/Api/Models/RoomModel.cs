namespace Bridge.Web.Api.Models;

/// <summary>A room in the API: configured in the dial plan and/or open now, with its participants.</summary>
/// <param name="Number">Room number.</param>
/// <param name="Name">Room name.</param>
/// <param name="Locked">Only moderators may join.</param>
/// <param name="Open">Someone is in it.</param>
/// <param name="Configured">The current dial plan defines it.</param>
/// <param name="OpenedAt">When it opened; null when not open.</param>
/// <param name="Participants">Who is in it now.</param>
public sealed record RoomModel(string Number, string Name, bool Locked, bool Open, bool Configured, DateTimeOffset? OpenedAt, IReadOnlyList<ParticipantModel> Participants);
