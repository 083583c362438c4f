namespace Bridge.Media.Mixing;

/// <summary>
/// Which resamplers the room's participants and shared encodes hold. The mixer picks the room rate at a tick boundary (the
/// widest codec among its members, or the fixed rate); it must find the resamplers for that rate ready, since it allocates
/// nothing. So the control side, which creates every participant before its join is queued, provides them: a participant
/// gets one resampler per rate the room may mix at while it is a member (a rate of a participant created and not yet gone,
/// above its own), and the first participant of a new rate gives every earlier one (and the shared encodes) that rate
/// before its join is queued. When the last participant of a rate is gone (its <see cref="MixParticipant.Gone"/>: the
/// mixer has applied its leave and chosen the room rate without it), the others release that rate's resamplers, off the
/// mixer thread. A room of G.711 phones holds no resampler at all; before, each caller kept four (8 ↔ 16 and 8 ↔ 48 kHz).
/// The lock is taken only by control threads and thread-pool continuations, never by the mixer.
/// </summary>
public sealed partial class MixRoom
{
    private readonly Lock _rateLock = new();
    private readonly HashSet<MixParticipant> _registered = [];
    private readonly int[] _participantsByRate = new int[3];

    /// <summary>Participants created and not yet gone, per port rate (tests).</summary>
    internal int RegisteredAt(int rate)
    {
        lock (_rateLock)
        {
            return _participantsByRate[RateAdapter.Slot(rate)];
        }
    }

    /// <summary>Control thread, before the join is queued: registers <paramref name="participant"/> and provides the
    /// resamplers it (and, for a new rate, everybody else) may need.</summary>
    private void Provision(MixParticipant participant)
    {
        lock (_rateLock)
        {
            _registered.Add(participant);
            ProvideCapacity(_registered.Count);
            bool newRate = _participantsByRate[RateAdapter.Slot(participant.Codec.SampleRate)]++ == 0;
            if (newRate)
            {
                ReconcileAll();
            }
            else
            {
                Reconcile(participant);
            }
        }

        participant.Gone.ContinueWith(static (_, state) => Unprovision((MixParticipant)state!), participant,
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Thread pool, once the mixer let <paramref name="participant"/> go: releases rates nobody needs any more.</summary>
    private static void Unprovision(MixParticipant participant)
    {
        MixRoom room = participant.Room;
        lock (room._rateLock)
        {
            if (!room._registered.Remove(participant))
            {
                return;
            }

            if (--room._participantsByRate[RateAdapter.Slot(participant.Codec.SampleRate)] == 0)
            {
                room.ReconcileAll();
            }
        }
    }

    /// <summary>Every registered participant and every shared encode (under the rate lock).</summary>
    private void ReconcileAll()
    {
        foreach (MixParticipant p in _registered)
        {
            Reconcile(p);
        }

        lock (_groupLock) // order: the rate lock, then the group lock (GetGroup too)
        {
            foreach (EncodeGroup group in _groups.Values)
            {
                if (!group.Silent)
                {
                    Reconcile(null, group.RoomAdapter); // a silent group encodes zeros at its own rate
                }
            }
        }
    }

    /// <summary>A participant's resamplers both ways, and its contribution buffer for the widest of those rates.</summary>
    private void Reconcile(MixParticipant participant)
    {
        Reconcile(participant.ToRoom, participant.FromRoom);
        participant.ProvideRoomPcm(participant.ToRoom.HighestRate);
    }

    /// <summary>Provides the rates the port may be mixed at, releases the others (under the rate lock).</summary>
    private void Reconcile(RateAdapter? toRoom, RateAdapter fromRoom)
    {
        int portRate = fromRoom.PortRate;
        for (int slot = 0; slot < _participantsByRate.Length; slot++)
        {
            int rate = RateAdapter.RateOf(slot);
            bool needed = _options.SampleRate != 0
                ? rate == _options.SampleRate
                : rate > portRate && _participantsByRate[slot] > 0;
            if (needed)
            {
                toRoom?.Provide(rate);
                fromRoom.Provide(rate);
            }
            else
            {
                toRoom?.Release(rate);
                fromRoom.Release(rate);
            }
        }
    }
}
