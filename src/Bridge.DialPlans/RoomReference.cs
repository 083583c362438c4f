namespace Bridge.DialPlans;

/// <summary>A literal room number a route points at; checked against all rooms once every file is read.</summary>
internal sealed record RoomReference(string Number, string File, int Line, int Column);
