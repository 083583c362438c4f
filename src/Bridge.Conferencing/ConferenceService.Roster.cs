using System.Collections.Frozen;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Rooms;

namespace Bridge.Conferencing;

/// <summary>
/// The room roster (<see cref="IRoomRoster"/>): rebuilt on the conference queue whenever the rooms are published (join,
/// leave, mute, lock, close) and compared with the last one, so <see cref="Changed"/> fires only for rooms that changed.
/// Phones are labelled <c>Phone ***123</c> (<see cref="CallerSource.MaskedUser"/>), browsers by their cleaned name.
/// </summary>
public sealed partial class ConferenceService : IRoomRoster
{
    private static readonly FrozenDictionary<string, RosterEntry[]> NoRosters = FrozenDictionary<string, RosterEntry[]>.Empty;

    private readonly Dictionary<string, DateTimeOffset> _joinedAt = new(StringComparer.Ordinal);
    private FrozenDictionary<string, RosterEntry[]> _rosters = NoRosters;

    /// <inheritdoc />
    public event EventHandler<RosterChangedEventArgs>? Changed;

    /// <inheritdoc />
    public IReadOnlyList<RosterEntry> Get(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Volatile.Read(ref _rosters).TryGetValue(room, out var entries) ? entries : [];
    }

    /// <summary>The label a leg has in the roster: a browser's name, or <c>Phone ***123</c>.</summary>
    public static string RosterLabel(IConferenceLeg leg)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return leg is IRosterIdentity identity ? identity.DisplayName : "Phone " + leg.Source.MaskedUser;
    }

    /// <summary>Runs on the queue (from <see cref="PublishRooms"/>).</summary>
    private void PublishRosters()
    {
        var previous = _rosters;
        var next = new Dictionary<string, RosterEntry[]>(_rooms.Count, StringComparer.Ordinal);
        var now = Time.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in _rooms.Values)
        {
            next[room.Config.Number] = Build(room, now, present);
        }

        foreach (var id in _joinedAt.Keys.ToArray())
        {
            if (!present.Contains(id))
            {
                _joinedAt.Remove(id);
            }
        }

        _rosters = next.ToFrozenDictionary(StringComparer.Ordinal);
        var handler = Changed;
        if (handler is null)
        {
            return;
        }

        foreach (var (number, entries) in next)
        {
            if (!previous.TryGetValue(number, out var before) || !before.AsSpan().SequenceEqual(entries))
            {
                handler(this, new RosterChangedEventArgs(number, entries));
            }
        }

        foreach (var number in previous.Keys)
        {
            if (!next.ContainsKey(number))
            {
                handler(this, new RosterChangedEventArgs(number, []));
            }
        }
    }

    private RosterEntry[] Build(ConferenceRoom room, DateTimeOffset now, HashSet<string> present)
    {
        var members = room.Members;
        var entries = new RosterEntry[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var leg = member.Session.Leg;
            present.Add(leg.Id);
            if (!_joinedAt.TryGetValue(leg.Id, out var joined))
            {
                joined = now;
                _joinedAt[leg.Id] = joined;
            }

            var kind = leg is IRosterIdentity identity ? identity.Kind : ParticipantKind.Phone;
            entries[i] = new RosterEntry(leg.Id, RosterLabel(leg), kind, member.Role, member.Muted, joined);
        }

        return entries;
    }
}
