using System.Text.RegularExpressions;

namespace Bridge.DialPlans;

/// <summary>One validated route. <see cref="Pattern"/> is null for an exact match on <see cref="Dialled"/>.</summary>
internal sealed record Route(
    string Dialled,
    Regex? Pattern,
    RouteAction Action,
    string? RoomTemplate,
    int RejectStatus,
    MediaPolicy? Media,
    string File,
    int Line,
    int Column);
