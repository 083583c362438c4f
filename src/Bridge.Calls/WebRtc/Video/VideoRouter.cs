namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// Which video goes where, per room: each browser in a room (and hearing it: not waiting in a lobby) gets the other
/// browsers' cameras, and their screens while shared, in its slots, in the order they joined. A slot keeps its source
/// as long as that source is there (no needless switch); a freed slot takes the next source without one. After each
/// change every source's routes are replaced whole (the receive loops read them without a lock), each newly filled slot
/// of a receiver that has its keys asks its sender for a keyframe (rate-limited like the browsers' own requests: a
/// browser's encoder ignores a second request soon after one, and a wasted one must not hold back the receiver's own),
/// and the browsers whose slots changed are told. A receiver with more senders than slots has the rest paused (listed
/// for its page, no slot); a slot that frees goes to the sender that has waited longest (a ticket taken when it started
/// waiting for that receiver), not to the first in join order. Control path: called from the conference
/// queue, the signalling socket or a leg's release, under one lock; never from a receive loop.
/// </summary>
internal sealed class VideoRouter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<VideoPeer>> _rooms = new(StringComparer.Ordinal);
    private long _nextTicket;

    /// <summary>The peer is in <paramref name="room"/> now (null: in no room, e.g. moved to a lobby or released).</summary>
    public void Place(VideoPeer peer, string? room)
    {
        ArgumentNullException.ThrowIfNull(peer);
        List<VideoPeer> notify = [];
        List<VideoSource> filled = [];
        lock (_gate)
        {
            string? previous = peer.Room;
            if (string.Equals(previous, room, StringComparison.Ordinal))
            {
                return;
            }

            if (previous is not null && _rooms.TryGetValue(previous, out var old))
            {
                old.Remove(peer);
                if (old.Count == 0)
                {
                    _rooms.Remove(previous);
                }

                Reassign(old, notify, filled);
            }

            peer.Room = room;
            foreach (var slot in peer.Slots)
            {
                slot.Assigned = null;
            }

            peer.WaitingSince.Clear();
            peer.Paused = [];

            if (peer.Camera is { } camera)
            {
                camera.Routes = [];
            }

            if (peer.Screen is { } screen)
            {
                screen.Routes = [];
            }

            if (room is not null)
            {
                if (!_rooms.TryGetValue(room, out var members))
                {
                    members = [];
                    _rooms.Add(room, members);
                }

                members.Add(peer);
                Reassign(members, notify, filled);
                if (!notify.Contains(peer))
                {
                    notify.Add(peer);
                }
            }
        }

        Publish(notify, filled);
    }

    /// <summary>The page started or stopped sharing its screen.</summary>
    public void SetScreenSharing(VideoPeer peer, bool sharing)
    {
        ArgumentNullException.ThrowIfNull(peer);
        List<VideoPeer> notify = [];
        List<VideoSource> filled = [];
        lock (_gate)
        {
            if (peer.ScreenSharing == sharing)
            {
                return;
            }

            peer.ScreenSharing = sharing;
            if (peer.Room is { } room && _rooms.TryGetValue(room, out var members))
            {
                Reassign(members, notify, filled);
            }
        }

        Publish(notify, filled);
    }

    /// <summary>The peer's receiver was ready late (keys): asks each of its slots' senders for a keyframe.</summary>
    public static void RequestKeyFrames(VideoPeer peer, long now)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var scratch = new byte[RtcpFeedback.MaxLength + 64];
        foreach (var slot in peer.Slots)
        {
            if (slot.Assigned is { } source)
            {
                VideoPeer.RequestKeyFrame(source, scratch, now);
            }
        }
    }

    /// <summary>What the peer's slots show: (mid, participant id, camera or screen) for each filled slot.</summary>
    public static IReadOnlyList<(string Mid, string ParticipantId, VideoSourceKind Kind)> Describe(VideoPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var slots = new List<(string, string, VideoSourceKind)>();
        foreach (var slot in peer.Slots)
        {
            if (slot.Assigned is { } source)
            {
                slots.Add((slot.Mid, source.Owner.Id, source.Kind));
            }
        }

        return slots;
    }

    /// <summary>Who the peer should see but has no slot for (paused), longest-waiting first: (participant id, camera or screen).</summary>
    public static IReadOnlyList<(string ParticipantId, VideoSourceKind Kind)> DescribePaused(VideoPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return [.. peer.Paused.Select(s => (s.Owner.Id, s.Kind))];
    }

    /// <summary>Outside the lock: keyframe requests for newly filled slots (sends), then the change events.</summary>
    private void Publish(List<VideoPeer> notify, List<VideoSource> filled)
    {
        long now = time.GetTimestamp();
        var scratch = new byte[RtcpFeedback.MaxLength + 64];
        foreach (var source in filled.Distinct())
        {
            VideoPeer.RequestKeyFrame(source, scratch, now);
        }

        foreach (var changed in notify)
        {
            changed.RaiseSlotsChanged();
        }
    }

    private void Reassign(List<VideoPeer> members, List<VideoPeer> notify, List<VideoSource> newlyFilled)
    {
        var sources = new List<VideoSource>();
        foreach (var member in members)
        {
            if (member.Camera is { } camera)
            {
                sources.Add(camera);
            }

            if (member.ScreenSharing && member.Screen is { } screen)
            {
                sources.Add(screen);
            }
        }

        var routes = sources.ToDictionary(s => s, _ => new List<VideoSlot>());
        foreach (var receiver in members)
        {
            bool changed = false;
            var wanted = sources.Where(s => !ReferenceEquals(s.Owner, receiver)).ToList();
            foreach (var slot in receiver.Slots)
            {
                if (slot.Assigned is { } kept && wanted.Remove(kept))
                {
                    continue;
                }

                if (slot.Assigned is not null)
                {
                    slot.Assigned = null;
                    changed = true;
                }
            }

            // Those without a slot, longest-waiting first (a new one waits from now, after the others, in join order).
            foreach (var gone in receiver.WaitingSince.Keys.Where(s => !wanted.Contains(s)).ToList())
            {
                receiver.WaitingSince.Remove(gone);
            }

            foreach (var source in wanted)
            {
                receiver.WaitingSince.TryAdd(source, _nextTicket++);
            }

            wanted.Sort((a, b) => receiver.WaitingSince[a].CompareTo(receiver.WaitingSince[b]));
            foreach (var slot in receiver.Slots)
            {
                if (slot.Assigned is null && wanted.Count > 0)
                {
                    slot.Assigned = wanted[0];
                    receiver.WaitingSince.Remove(wanted[0]);
                    if (receiver.HasKeys)
                    {
                        newlyFilled.Add(wanted[0]); // before its keys a receiver gets nothing: it asks once they are there
                    }

                    wanted.RemoveAt(0);
                    changed = true;
                }

                if (slot.Assigned is { } source)
                {
                    routes[source].Add(slot);
                }
            }

            if (!wanted.SequenceEqual(receiver.Paused))
            {
                receiver.Paused = [.. wanted];
                changed = true;
            }

            if (changed && !notify.Contains(receiver))
            {
                notify.Add(receiver);
            }
        }

        foreach (var member in members)
        {
            if (member.Camera is { } camera)
            {
                camera.Routes = routes.TryGetValue(camera, out var c) ? [.. c] : [];
            }

            if (member.Screen is { } screen)
            {
                screen.Routes = routes.TryGetValue(screen, out var s) ? [.. s] : [];
            }
        }
    }
}
