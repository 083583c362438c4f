using System.Collections.Concurrent;
using Bridge.Media.Codecs;

namespace Bridge.Media.Mixing;

/// <summary>
/// Membership of a <see cref="MixRoom"/>: joins, leaves and moves are queued lock-free and applied by the room's mixer
/// thread at the start of a tick; every participant's <see cref="MixParticipant.Gone"/> completes once neither the mixer nor
/// its send stage will touch its port again (the handshake before a leg disposes its RTP/SRTP sessions). A move is one queued
/// operation: the new room admits the participant only after the old room has dropped it, so a leg is never in two
/// rooms in one tick.
/// </summary>
public sealed partial class MixRoom
{
    private readonly ConcurrentQueue<MembershipChange> _changes = new();
    private int _population;
    private int _closed;
    private volatile MixerThread? _owner;

    /// <summary>Participants that joined or are on their way in and have not left yet (the room's load for placement).</summary>
    public int Population => Volatile.Read(ref _population);

    /// <summary>True once the room was removed from its engine: later joins are refused (their <see cref="MixParticipant.Gone"/> completes).</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>The thread that ticks this room (null when not on an engine).</summary>
    internal MixerThread? Owner { get => _owner; set => _owner = value; }

    /// <summary>Nothing to do this tick: no members, no queued changes, no room prompt, no recording.</summary>
    internal bool IsIdle => _count == 0 && _changes.IsEmpty && !_roomPrompts.HasWork && _recorder is null;

    /// <summary>Where exceptions of this room's ticks go (counted on the mixer thread, logged off it).</summary>
    internal TickErrorReporter Errors { get; }

    /// <summary>
    /// Adds a participant at the next tick. Creates its encoder now, on the caller's thread. Throws
    /// <see cref="ArgumentException"/> for an unsupported codec. <paramref name="hearsRoom"/> false keeps it
    /// in a waiting state (hears only its prompts, is not heard) until <see cref="MixParticipant.HearsRoom"/> is set.
    /// </summary>
    public MixParticipant Join(IMixerPort port, bool hearsRoom = true)
    {
        MixParticipant participant = Create(port, hearsRoom, admitted: true);
        Enqueue(new MembershipChange(participant, Join: true));
        return participant;
    }

    /// <summary>
    /// Removes a participant at the next tick; its queued prompts end as Stopped. Idempotent. Its
    /// <see cref="MixParticipant.Gone"/> completes, off the mixer thread, once the mixer no longer uses its port.
    /// </summary>
    public void Leave(MixParticipant participant)
    {
        CheckMember(participant);
        Enqueue(new MembershipChange(participant, Join: false));
    }

    /// <summary>
    /// Moves <paramref name="participant"/> from this room to <paramref name="target"/> as one operation: this room drops
    /// it at its next tick, and only then is the returned participant (same or new <paramref name="port"/>) queued into
    /// <paramref name="target"/>. The old participant's <see cref="MixParticipant.Gone"/> completes when it is dropped.
    /// </summary>
    public MixParticipant Move(MixParticipant participant, MixRoom target, IMixerPort port, bool hearsRoom = true)
    {
        CheckMember(participant);
        ArgumentNullException.ThrowIfNull(target);
        MixParticipant next = target.Create(port, hearsRoom, admitted: false);
        Enqueue(new MembershipChange(participant, Join: false, next));
        return next;
    }

    /// <summary>Called off the mixer thread once the engine has taken the room off its thread: everybody leaves (their
    /// prompts end as Stopped), queued changes are settled, and the recording is completed.</summary>
    internal Task CloseAsync()
    {
        for (int i = 0; i < _count; i++)
        {
            _members[i].Finish();
            _members[i] = null!;
        }

        _count = 0;
        Volatile.Write(ref _closed, 1);
        DrainClosed();
        _roomPrompts.Abandon();
        return StopRecordingAsync();
    }

    /// <summary>Wakes the thread that ticks this room (it may be blocked, idle).</summary>
    internal void WakeOwner() => _owner?.Wake();

    /// <summary>Queues <paramref name="participant"/> (whose predecessor has left its room) into its room, or, when it was
    /// cancelled while waiting, the participant that replaced it.</summary>
    internal static void Admit(MixParticipant? participant)
    {
        while (participant is not null)
        {
            if (participant.TryAdmit())
            {
                participant.Room.Enqueue(new MembershipChange(participant, Join: true));
                return;
            }

            participant = participant.Successor;
        }
    }

    private MixParticipant Create(IMixerPort port, bool hearsRoom, bool admitted)
    {
        ArgumentNullException.ThrowIfNull(port);
        AudioCodecInfo codec = AudioCodecs.GetInfo(port.CodecName);
        var participant = new MixParticipant(this, port, Interlocked.Increment(ref _nextId), hearsRoom, codec, _options,
            GetGroup(codec, silent: false), GetGroup(codec, silent: true), admitted);
        Provision(participant);
        Interlocked.Increment(ref _population);
        return participant;
    }

    /// <summary>Called once per participant when it is gone.</summary>
    internal void OnGone() => Interlocked.Decrement(ref _population);

    private void CheckMember(MixParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (!ReferenceEquals(participant.Room, this))
        {
            throw new ArgumentException("Participant belongs to another room.", nameof(participant));
        }
    }

    private void Enqueue(MembershipChange change)
    {
        _changes.Enqueue(change);
        if (Volatile.Read(ref _closed) != 0)
        {
            DrainClosed();
        }
        else
        {
            WakeOwner();
        }
    }

    /// <summary>A closed room is ticked by nobody: settle queued changes on the calling thread.</summary>
    private void DrainClosed()
    {
        while (_changes.TryDequeue(out MembershipChange change))
        {
            Apply(change);
        }
    }

    /// <summary>Start of a tick (mixer thread): applies queued changes in order, then picks the mixing rate.</summary>
    private void ApplyMembership()
    {
        bool changed = false;
        while (_changes.TryDequeue(out MembershipChange change))
        {
            changed |= Apply(change);
        }

        if (changed && _options.SampleRate == 0)
        {
            // The widest codec present sets the rate: a room of G.711 phones mixes at 8 kHz and resamples
            // nobody; one G.722 phone lifts it to 16 kHz, one Opus phone to 48 kHz. An empty room plays prompts at 16 kHz.
            int rate = _count == 0 ? 16000 : 8000;
            for (int i = 0; i < _count; i++)
            {
                rate = Math.Max(rate, _members[i].Codec.SampleRate);
            }

            _sampleRate = rate;
        }
    }

    /// <summary>Applies one change; true when the member list changed.</summary>
    private bool Apply(MembershipChange change)
    {
        MixParticipant participant = change.Participant;
        if (change.Join)
        {
            if (participant.Left)
            {
                return false; // left before its join was applied
            }

            if (Volatile.Read(ref _closed) != 0)
            {
                participant.Finish();
                return false;
            }

            if (_count == _members.Length)
            {
                GrowMembers();
            }

            _members[_count++] = participant;
            return true;
        }

        int index = Array.IndexOf(_members, participant, 0, _count);
        if (index >= 0)
        {
            _members[index] = _members[--_count];
            _members[_count] = null!;
        }

        if (_batch is { } batch && index >= 0)
        {
            // Its last payloads may still be queued for sending: it is gone (and may enter its next room) once they are out.
            DepartAfterSend(batch, participant, change.Next);
        }
        else
        {
            Depart(participant, change.Next);
        }

        return index >= 0;
    }

    /// <summary>Queues the departure behind the payloads already queued (allocating nothing on the mixer thread).</summary>
    private void DepartAfterSend(SendBatch batch, MixParticipant old, MixParticipant? next) => batch.DeferDeparture(this, old, next);

    /// <summary>
    /// <paramref name="old"/> has left this room: it is gone, and <paramref name="next"/> may enter its room. When
    /// <paramref name="old"/> was itself still waiting for its predecessor to leave another room, it is cancelled
    /// instead and <paramref name="next"/> is admitted when that predecessor leaves.
    /// </summary>
    internal static void Depart(MixParticipant old, MixParticipant? next)
    {
        if (next is not null)
        {
            old.Successor = next;
        }

        switch (old.Cancel())
        {
            case MixParticipant.Admission.Admitted:
                old.Finish(heir: next); // next is not ticked before Admit: its prompt player can take the old one's
                Admit(next);
                break;
            case MixParticipant.Admission.Waiting:
                old.Finish(); // its predecessor's leave admits next
                break;
            default:
                // Already cancelled earlier, and its predecessor may have passed: next would wait forever.
                old.Finish();
                if (next is not null && next.Cancel() == MixParticipant.Admission.Waiting)
                {
                    next.Finish();
                }

                break;
        }
    }
}
