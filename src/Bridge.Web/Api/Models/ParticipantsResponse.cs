namespace Bridge.Web.Api.Models;

/// <summary><c>GET /api/v1/rooms/{number}/participants</c>: <c>{"participants":[…]}</c>.</summary>
public sealed record ParticipantsResponse(IReadOnlyList<ParticipantModel> Participants);
