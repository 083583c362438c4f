using Microsoft.Extensions.Logging;

namespace Bridge.Conferencing.Pins;

/// <summary>
/// A room under attack (<see cref="PinPolicyOptions.RoomFailureLimit"/> wrong PINs within <see cref="PinPolicyOptions.RoomWindow"/>):
/// besides the slow answers and the alert, participant PINs are refused from sources that are new to the room, so a guess
/// that happens to be right lets nobody in; sources that entered a right PIN for the room within
/// <see cref="PinPolicyOptions.KnownSourceMemory"/> are not new. The moderator PIN keeps working for everyone.
/// Methods taking the policy's state run under its lock.
/// </summary>
public sealed partial class PinPolicy
{
    /// <summary>
    /// A caller new to a room under attack typed something other than the moderator PIN: it is refused (whether or not it was
    /// the participant PIN, so the answer tells a guesser nothing) and counted as a failure.
    /// </summary>
    public PinFailureOutcome RecordRefusedUnderAttack(CallerSource source, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        LogRefusedUnderAttack(_logger, IpOf(source), source.MaskedUser, room);
        return RecordFailure(source, room);
    }

    /// <summary>True while <paramref name="room"/> is under attack (admin pages, tests).</summary>
    public bool IsRoomUnderAttack(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            return UnderAttack(room, _time.GetUtcNow(), out _);
        }
    }

    private bool UnderAttack(string room, DateTimeOffset now, out PinStateDocument.RoomEntry? entry) =>
        _rooms.TryGetValue(room, out entry) && CountWithin(entry.Failures, now - _options.RoomWindow) >= _options.RoomFailureLimit;

    private bool IsKnown(PinStateDocument.RoomEntry entry, string key, DateTimeOffset now)
    {
        var since = now - _options.KnownSourceMemory;
        foreach (var known in entry.Known)
        {
            if (known.At > since && string.Equals(known.Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Remembers that <paramref name="key"/> entered a right PIN for <paramref name="room"/>.</summary>
    private void RememberKnown(string room, string key, DateTimeOffset now)
    {
        if (!_rooms.TryGetValue(room, out var entry))
        {
            entry = new PinStateDocument.RoomEntry { Room = room };
            _rooms.Add(room, entry);
        }

        var since = now - _options.KnownSourceMemory;
        entry.Known.RemoveAll(k => k.At <= since || string.Equals(k.Key, key, StringComparison.Ordinal));
        entry.Known.Add(new PinStateDocument.KnownSource { Key = key, At = now });
        if (entry.Known.Count > _options.MaxKnownSourcesPerRoom)
        {
            entry.Known.RemoveAt(0); // the list is in order of the last success: the first is the oldest
        }
    }

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "SECURITY pin-room-under-attack source={SourceIp:l} user={User:l} room={Room:l} refused=participant-pin-from-new-source")]
    private static partial void LogRefusedUnderAttack(ILogger logger, string sourceIp, string user, string room);
}
