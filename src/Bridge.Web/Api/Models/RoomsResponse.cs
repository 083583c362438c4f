namespace Bridge.Web.Api.Models;

/// <summary><c>GET /api/v1/rooms</c>: <c>{"rooms":[…]}</c>.</summary>
public sealed record RoomsResponse(IReadOnlyList<RoomModel> Rooms);
