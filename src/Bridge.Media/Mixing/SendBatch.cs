namespace Bridge.Media.Mixing;

/// <summary>
/// What one mixer tick of one thread hands to its <see cref="SendStage"/>: every listener's encoded payload (copied into
/// one growing byte arena, so a batch allocates nothing once it has grown to the thread's load; a payload equal to the
/// one queued just before it, as the listeners of one encode group get, is stored once) and the departures and
/// room removals the tick decided, which must wait until the previous ticks' payloads to those ports are out. Filled by
/// the mixer thread, then owned by the send thread until it has sent it, then reused.
/// </summary>
internal sealed class SendBatch
{
    internal const int InitialEntries = 64;
    internal const int InitialBytes = 64 * 200;
    internal const int InitialDeferred = 32;

    private Entry[] _entries = new Entry[InitialEntries];
    private byte[] _bytes = new byte[InitialBytes];
    // Departures and removal acknowledgements, in the order queued; room for a storm's worth of departures in one tick, so
    // queueing one allocates nothing on the mixer thread.
    private readonly List<Deferred> _before = new(InitialDeferred);
    private int _count;
    private int _used;
    private int _lastOffset;
    private int _lastLength = -1;

    /// <summary>Stopwatch timestamp of the tick's deadline (0 when the batch carries no tick).</summary>
    internal long Deadline { get; set; }

    /// <summary>Payloads queued.</summary>
    internal int Count => _count;

    internal bool IsEmpty => _count == 0 && _before.Count == 0;

    /// <summary>Payloads the batch holds without growing.</summary>
    internal int EntryCapacity => _entries.Length;

    /// <summary>Payload bytes queued.</summary>
    internal int UsedBytes => _used;

    /// <summary>Payload bytes the batch holds without growing.</summary>
    internal int ByteCapacity => _bytes.Length;

    /// <summary>
    /// On an empty batch: grows it at once to hold <paramref name="entries"/> payloads of <paramref name="bytes"/> in all,
    /// instead of doubling its way there payload by payload during a tick. The send thread does it for the batches it hands
    /// back (<see cref="SendStage"/>), so the mixer only does it for a batch it had to make itself.
    /// </summary>
    internal void Reserve(int entries, int bytes)
    {
        if (_entries.Length < entries)
        {
            _entries = new Entry[entries];
        }

        if (_bytes.Length < bytes)
        {
            _bytes = new byte[bytes];
        }
    }

    /// <summary>
    /// Mixer thread: queues <paramref name="payload"/> for <paramref name="port"/>, as a copy, or as the previous entry's
    /// bytes when it is equal to them (a room's silent listeners all get the same encoded mix: one copy, not one each).
    /// </summary>
    internal void Add(MixRoom room, IMixerPort port, ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        int offset = _lastOffset;
        if (payload.Length != _lastLength || !payload.SequenceEqual(_bytes.AsSpan(_lastOffset, _lastLength)))
        {
            if (_used + payload.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + payload.Length));
            }

            offset = _used;
            payload.CopyTo(_bytes.AsSpan(offset));
            _used += payload.Length;
            _lastOffset = offset;
            _lastLength = payload.Length;
        }

        _entries[_count++] = new Entry(room, port, offset, payload.Length, rtpTimestampIncrement);
    }

    /// <summary>Mixer thread: runs <paramref name="action"/> on the send thread before this batch's payloads, that is once every
    /// earlier tick's payloads are sent (a room's removal: the caller's closure allocates).</summary>
    internal void Defer(MixRoom? room, Action action) => _before.Add(new Deferred(room, action, null, null));

    /// <summary>Mixer thread: <paramref name="old"/> leaves <paramref name="room"/> on the send thread before this batch's
    /// payloads (<see cref="MixRoom.Depart"/>); nothing is allocated for it.</summary>
    internal void DeferDeparture(MixRoom room, MixParticipant old, MixParticipant? next) => _before.Add(new Deferred(room, null, old, next));

    /// <summary>Send thread (or the stopping thread): runs the deferred actions, hands each payload to its port, and empties the
    /// batch for reuse. An exception from a port is counted on its room and stops no other send.</summary>
    internal void Send()
    {
        RunDeferred();
        for (int i = 0; i < _count; i++)
        {
            ref Entry entry = ref _entries[i];
            try
            {
                entry.Port.WriteEncoded(_bytes.AsSpan(entry.Offset, entry.Length), entry.Increment);
            }
            catch (Exception ex)
            {
                entry.Room.Errors.Report(ex);
            }
        }

        Clear();
    }

    /// <summary>Send thread: a batch too late to be worth sending. Its deferred actions still run; its payloads are dropped.</summary>
    internal void Drop()
    {
        RunDeferred();
        Clear();
    }

    private void RunDeferred()
    {
        foreach (Deferred deferred in _before)
        {
            try
            {
                if (deferred.Action is { } action)
                {
                    action();
                }
                else
                {
                    MixRoom.Depart(deferred.Old!, deferred.Next);
                }
            }
            catch (Exception ex)
            {
                deferred.Room?.Errors.Report(ex);
            }
        }

        _before.Clear();
    }

    private void Clear()
    {
        Array.Clear(_entries, 0, _count); // no reference to a departed port outlives the send
        _count = 0;
        _used = 0;
        _lastOffset = 0;
        _lastLength = -1;
        Deadline = 0;
    }

    private readonly record struct Entry(MixRoom Room, IMixerPort Port, int Offset, int Length, int Increment);

    private readonly record struct Deferred(MixRoom? Room, Action? Action, MixParticipant? Old, MixParticipant? Next);
}
