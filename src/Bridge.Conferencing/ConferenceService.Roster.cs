using System.Collections.Frozen;
using Bridge.Conferencing.Roster;
using Bridge.Conferencing.Rooms;
using Microsoft.Extensions.Logging;

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
        var lockedBefore = PublishLockState();
        var locked = _lockedRooms;
        UpdateTalkerPoll();
        var handler = Changed;
        if (handler is null)
        {
            return;
        }

        foreach (var (number, entries) in next)
        {
            if (!previous.TryGetValue(number, out var before) || !before.AsSpan().SequenceEqual(entries)
                || lockedBefore.Contains(number) != locked.Contains(number))
            {
                Raise(handler, new RosterChangedEventArgs(number, entries) { Locked = locked.Contains(number) });
            }
        }

        foreach (var number in previous.Keys)
        {
            if (!next.ContainsKey(number))
            {
                Raise(handler, new RosterChangedEventArgs(number, []));
            }
        }
    }

    /// <summary>
    /// Runs every subscriber; one that throws is logged and the others still run. The roster is published from inside room
    /// actions (a join, a leave), which must never fail because of a web page's handler.
    /// </summary>
    private void Raise(EventHandler<RosterChangedEventArgs> handler, RosterChangedEventArgs change)
    {
        foreach (var subscriber in handler.GetInvocationList())
        {
            try
            {
                ((EventHandler<RosterChangedEventArgs>)subscriber)(this, change);
            }
#pragma warning disable CA1031 // a subscriber's failure must not break the room action that published the roster
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogRosterHandlerFailed(Logger, exception, change.Room);
            }
        }
    }

    [LoggerMessage(EventId = 4040, Level = LogLevel.Error, Message = "Room {Room}: a roster subscriber failed")]
    private static partial void LogRosterHandlerFailed(ILogger logger, Exception exception, string room);

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
            entries[i] = new RosterEntry(leg.Id, member.DisplayName ?? RosterLabel(leg), kind, member.Role, member.Muted, joined)
            {
                Talking = member.Talking,
                HandRaised = member.HandRaised,
                Waiting = member.Waiting,
                Renamed = member.DisplayName is not null,
            };
        }

        return entries;
    }
}
