using System.Text;
using System.Text.RegularExpressions;

namespace Bridge.DialPlans;

/// <summary>
/// A validated, immutable dial plan: routes in order (first match wins) and rooms by number.
/// Matching the Request-URI user part (RFC 3261 §19.1.1) never throws.
/// </summary>
public sealed partial class DialPlan
{
    /// <summary>Longest user part we try to match; longer ones are 404 without running any regex.</summary>
    internal const int MaxDialledLength = 128;

    private readonly Route[] _routes;
    private readonly Dictionary<string, RoomConfig> _rooms;

    internal DialPlan(IReadOnlyList<Route> routes, Dictionary<string, RoomConfig> rooms, IReadOnlyList<string> files)
    {
        _routes = [.. routes];
        _rooms = rooms;
        Files = files;
    }

    /// <summary>The files this plan was loaded from.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Number of routes.</summary>
    public int RouteCount => _routes.Length;

    /// <summary>All rooms.</summary>
    public IReadOnlyCollection<RoomConfig> Rooms => _rooms.Values;

    internal IReadOnlyList<Route> Routes => _routes;

    /// <summary>Looks a room up by its number.</summary>
    public bool TryGetRoom(string number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RoomConfig? room)
    {
        ArgumentNullException.ThrowIfNull(number);
        return _rooms.TryGetValue(number, out room);
    }

    /// <summary>
    /// Decides what to do with a call to <paramref name="dialledUser"/>: the first matching route wins;
    /// no match, or a route to a room that does not exist, gives 404. A regex that times out counts as no match.
    /// </summary>
    public RouteDecision Match(string dialledUser)
    {
        if (string.IsNullOrEmpty(dialledUser) || dialledUser.Length > MaxDialledLength)
        {
            return RouteDecision.NotFound;
        }

        foreach (var route in _routes)
        {
            Match? match = null;
            if (route.Pattern is null)
            {
                if (!string.Equals(route.Dialled, dialledUser, StringComparison.Ordinal))
                {
                    continue;
                }
            }
            else
            {
                try
                {
                    match = route.Pattern.Match(dialledUser);
                }
                catch (RegexMatchTimeoutException)
                {
                    continue;
                }

                if (!match.Success)
                {
                    continue;
                }
            }

            return Decide(route, match);
        }

        return RouteDecision.NotFound;
    }

    private RouteDecision Decide(Route route, Match? match)
    {
        switch (route.Action)
        {
            case RouteAction.AskRoom:
                return RouteDecision.AskRoom(route.Media ?? MediaPolicy.PreferSecure);
            case RouteAction.Reject:
                return RouteDecision.Reject(route.RejectStatus);
            case RouteAction.Echo:
                return RouteDecision.Echo(route.Media ?? MediaPolicy.PreferSecure);
            default:
                var number = Substitute(route.RoomTemplate!, match);
                if (!_rooms.TryGetValue(number, out var room))
                {
                    return RouteDecision.NotFound;
                }

                return RouteDecision.Room(room.Number, Effective(route.Media, room.Media));
        }
    }

    /// <summary>A room that demands SRTP always wins; otherwise an explicit route setting overrides the room's.</summary>
    internal static MediaPolicy Effective(MediaPolicy? route, MediaPolicy room) =>
        route == MediaPolicy.Secure || room == MediaPolicy.Secure ? MediaPolicy.Secure : route ?? room;

    /// <summary>Replaces <c>$1</c>…<c>$9</c> with the regex groups (validated at load time).</summary>
    internal static string Substitute(string template, Match? match)
    {
        if (match is null || !template.Contains('$', StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder(template.Length + 8);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '$' && i + 1 < template.Length && char.IsAsciiDigit(template[i + 1]))
            {
                sb.Append(match.Groups[template[i + 1] - '0'].ValueSpan);
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
