using System.Numerics;
using System.Runtime.CompilerServices;

namespace Bridge.Rtp;

/// <summary>
/// The hand-off from the socket thread to the reading thread: a ring of <see cref="ArrivalSlots"/> arrivals with one producer
/// (<see cref="Put(ReadOnlySpan{byte}, ushort, uint, uint, int, bool)"/>, <see cref="MarkPause"/>) and one consumer (every
/// reader's call drains it first). The producer fills an entry it owns and then publishes it by advancing the tail; the
/// consumer applies entries in order and then hands them back by advancing the head. Neither ever waits for the other.
/// </summary>
public sealed partial class JitterBuffer
{
    /// <summary>
    /// Arrivals the ring holds between two reads: 640 ms of 20 ms packets. The mixer reads every 20 ms tick, but a link
    /// that stalls (Wi-Fi, mobile) hands over everything it held within one tick, and a receive thread the scheduler kept
    /// waiting does the same with what its socket held. The oldest packets of such a burst are past their time; the
    /// newest are what the caller hears next, and a full ring drops the newest. With eight slots a stall over 160 ms lost
    /// exactly the packets still in time (JitterBufferArrivalTests); 32 cover the buffer's largest delay (200 ms) behind a
    /// 440 ms stall at 20 ms packets.
    /// </summary>
    internal const int ArrivalSlots = 32;

    private readonly Arrival[] _arrivals = new Arrival[ArrivalSlots];
    private long _arrivalTail; // written by the producer only
    private long _arrivalHead; // written by the consumer only
    private long _arrivalsDropped; // written by the producer only

    /// <summary>Adds a received RTP packet's payload. Socket thread. Returns false when it is dropped (too large, or the reader has not taken the last <see cref="ArrivalSlots"/> arrivals).</summary>
    public bool Put(in RtpPacket packet) =>
        Put(packet.Payload, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, packet.PayloadType, packet.Marker);

    /// <summary>
    /// Adds a received payload with its RTP header fields, stamped with the time it arrived. Socket thread (one at a time).
    /// Returns false when it is dropped: larger than the configured maximum, or the reader has not taken the last
    /// <see cref="ArrivalSlots"/> arrivals. Nothing is allocated unless the stream's payloads outgrow the slots. Whether it is late or a duplicate is judged when the reader takes it, by its
    /// arrival time, so it counts in <see cref="GetStatistics"/> then.
    /// </summary>
    public bool Put(ReadOnlySpan<byte> payload, ushort sequenceNumber, uint timestamp, uint ssrc, int payloadType, bool marker)
    {
        if (payload.Length > _maxPayloadSize)
        {
            return false;
        }

        ref Arrival entry = ref Claim();
        if (Unsafe.IsNullRef(ref entry))
        {
            return false;
        }

        if (entry.Payload.Length < payload.Length)
        {
            // Once per entry if the stream's payloads grow (a longer ptime, a higher Opus rate), as the slots do.
            entry.Payload = new byte[Math.Min(_maxPayloadSize, (int)BitOperations.RoundUpToPowerOf2((uint)payload.Length))];
        }

        payload.CopyTo(entry.Payload);
        entry.Length = payload.Length;
        entry.SequenceNumber = sequenceNumber;
        entry.Timestamp = timestamp;
        entry.Ssrc = ssrc;
        entry.PayloadType = payloadType;
        entry.Marker = marker;
        entry.IsPause = false;
        entry.ArrivedAt = NowUnits();
        Publish();
        return true;
    }

    /// <summary>Arrivals the socket thread dropped because the reader was <see cref="ArrivalSlots"/> behind.</summary>
    public long ArrivalsDropped => Volatile.Read(ref _arrivalsDropped);

    private void CreateArrivals()
    {
        for (int i = 0; i < ArrivalSlots; i++)
        {
            _arrivals[i].Payload = new byte[_initialSlotSize];
        }
    }

    /// <summary>Queues a pause mark behind the packets put before it (socket thread); see <see cref="MarkPause"/>.</summary>
    private void PutPause()
    {
        ref Arrival entry = ref Claim();
        if (!Unsafe.IsNullRef(ref entry))
        {
            // Dropped with the ring full: the reader is behind anyway, and the mark only saves concealing a pause.
            entry.IsPause = true;
            Publish();
        }
    }

    private ref Arrival Claim()
    {
        long tail = _arrivalTail;
        if (tail - Volatile.Read(ref _arrivalHead) >= ArrivalSlots)
        {
            Volatile.Write(ref _arrivalsDropped, _arrivalsDropped + 1);
            return ref Unsafe.NullRef<Arrival>();
        }

        return ref _arrivals[(int)(tail & (ArrivalSlots - 1))];
    }

    // The entry's fields are written before the tail moves (a release), so the reader that sees the tail sees them.
    private void Publish() => Volatile.Write(ref _arrivalTail, _arrivalTail + 1);

    /// <summary>
    /// Reading thread: applies what arrived since the last read, in order, and hands the entries back. Every reader's call
    /// starts with it; a test that plays both threads calls it to stand for the reader's next step. Returns whether the
    /// last packet taken was kept (false when it was late, a duplicate or a stray, or nothing was waiting).
    /// </summary>
    internal bool TakeArrivals()
    {
        long tail = Volatile.Read(ref _arrivalTail);
        long head = _arrivalHead;
        bool kept = false;
        if (head == tail)
        {
            return kept;
        }

        for (; head < tail; head++)
        {
            ref Arrival entry = ref _arrivals[(int)(head & (ArrivalSlots - 1))];
            if (entry.IsPause)
            {
                _pauseMarked = true;
            }
            else
            {
                kept = Insert(entry.Payload.AsSpan(0, entry.Length), entry.SequenceNumber, entry.Timestamp, entry.Ssrc, entry.PayloadType, entry.Marker, entry.ArrivedAt);
            }
        }

        Volatile.Write(ref _arrivalHead, head);
        return kept;
    }

    private struct Arrival
    {
        public byte[] Payload;
        public int Length;
        public ushort SequenceNumber;
        public uint Timestamp;
        public uint Ssrc;
        public int PayloadType;
        public bool Marker;
        public bool IsPause;
        public long ArrivedAt;
    }
}
