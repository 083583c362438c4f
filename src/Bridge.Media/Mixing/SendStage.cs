using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.Media.Mixing;

/// <summary>
/// The send thread of one <see cref="MixerThread"/> (issue 14: sending off the mixing loop). Handing a payload to a port
/// (RTP header, SRTP protect, one sendto(2) per listener: a socket per call cannot be batched) costs several times what
/// mixing it did, so a mixer thread with a thousand listeners spent most of each tick in the kernel. The mixer now queues
/// each tick's payloads in a <see cref="SendBatch"/> and this thread sends them while the mixer sleeps until its next
/// deadline. Batches are sent in tick order by this one consumer, so a port is only ever written by one thread, in order;
/// a departure (and a room's removal) is acknowledged only after the payloads queued before it are out.
/// <para>The thread stays in the normal scheduling class, 10 nice steps above the process (a nice value of -10 beside a
/// process at 0: about nine times a normal thread's share of a busy CPU) when the mixer asks for real time. In the real-time class (one below its mixer) it starved the
/// rest of the process under load: a join storm over 2,000 callers took twice as long to admit, and the load source on the
/// same machine made a quarter of its ticks. At nice 0 it fell behind for good on a saturated machine. A batch that could not
/// start within 100 ms of its deadline is dropped (its departures still run): late audio is no use, and the queue stays
/// bounded. It records how long after its tick's deadline each batch was fully sent (<see cref="Completion"/>) and counts batches that
/// were still being sent at the next deadline (<see cref="Behind"/>).</para>
/// </summary>
internal sealed class SendStage
{
    private const int MaxLateTicks = 5;

    // Batches the send thread keeps in all (queued, being sent and free): enough for the ticks it may still send after
    // falling behind (it drops a tick's batch once it is MaxLateTicks late) and the one the mixer fills, so the mixer makes
    // a batch itself only when this thread did not run at all for that long. (With three spares, a join storm still had the
    // mixers make 230 KB batches when the send thread fell four ticks behind.)
    private const int KeptBatches = MaxLateTicks + 3;
    private readonly ConcurrentQueue<SendBatch> _full = new();
    private readonly ConcurrentQueue<SendBatch> _free = new();
    private readonly ThreadWake _ready = new();
    private readonly Thread _thread;
    private readonly int _niceSteps;
    private volatile bool _stopping;
    private long _behind;
    private long _dropped;
    private int _inFlight;

    // Written by the mixer thread, read by the send thread: the largest batch submitted so far. The send thread sizes the
    // batches it hands back, and the ones it makes, at twice that (remade once less than a quarter of room is left), so a room
    // that grows during a join storm fills them without growing them; a batch the mixer has to make itself starts at the
    // largest size. Made and grown on the mixer thread, a join storm's batches were 10 MB of the storm's allocations, with
    // 400 KB arrays from the large object heap: an allocation there can make the mixer wait for a whole collection.
    private int _largestEntries = SendBatch.InitialEntries;
    private int _largestBytes = SendBatch.InitialBytes;
    private long _madeByMixer;
    private int _batches; // made so far, by either thread

    /// <param name="index">Thread number, for its name.</param>
    /// <param name="niceSteps">How far to lower the thread's nice value below the process's (0: leave it).</param>
    internal SendStage(int index, int niceSteps = 0)
    {
        _niceSteps = niceSteps;
        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"mixer-send-{index}",
        };
    }

    /// <summary>Time from a tick's deadline to its last payload handed to its port (µs).</summary>
    internal TickHistogram Completion { get; } = new();

    /// <summary>Batches whose last payload went out after the next tick's deadline.</summary>
    internal long Behind => Volatile.Read(ref _behind);

    /// <summary>Ticks whose payloads were dropped because sending could not start within 100 ms of their deadline.</summary>
    internal long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Batches the mixer thread had to make because no free one was left (at start, or with the send thread stalled).</summary>
    internal long MadeByMixer => Volatile.Read(ref _madeByMixer);

    /// <summary>True when every submitted batch has been sent or dropped (its departures run).</summary>
    internal bool IsIdle => Volatile.Read(ref _inFlight) == 0;

    internal void Start() => _thread.Start();

    /// <summary>Mixer thread: an empty batch to fill, as large as the largest one submitted: a reused one, sized by the send
    /// thread; a new one only when the send thread holds all it keeps (<see cref="KeptBatches"/>).</summary>
    internal SendBatch Rent()
    {
        if (!_free.TryDequeue(out SendBatch? batch))
        {
            batch = new SendBatch();
            Volatile.Write(ref _madeByMixer, _madeByMixer + 1);
            Interlocked.Increment(ref _batches);
        }

        batch.Reserve(_largestEntries, _largestBytes);
        return batch;
    }

    /// <summary>Mixer thread: queues a filled batch for sending.</summary>
    internal void Submit(SendBatch batch)
    {
        Volatile.Write(ref _largestEntries, Math.Max(_largestEntries, batch.Count));
        Volatile.Write(ref _largestBytes, Math.Max(_largestBytes, batch.UsedBytes));
        Interlocked.Increment(ref _inFlight);
        _full.Enqueue(batch);
        _ready.Set();
    }

    /// <summary>Stops the thread after it has sent what was queued; what is queued later is sent by the caller (nothing is lost:
    /// queued acknowledgements still complete).</summary>
    internal void Stop()
    {
        _stopping = true;
        _ready.Set();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        Drain(provide: false); // the stopping thread: nothing is handed back to a mixer any more
        _ready.Dispose(); // the mixer thread has stopped: nobody submits any more
    }

    private void Run()
    {
        ThreadShare.TryRaiseOwn(_niceSteps); // refused: the thread keeps the process's share
        KeepBatches();
        while (true)
        {
            _ready.Wait(); // returns at once when a batch was submitted since the last drain began
            Drain(provide: true);
            if (_stopping)
            {
                return; // the mixer has stopped: Stop drains what is left on its own thread
            }

            KeepBatches();
        }
    }

    private void Drain(bool provide)
    {
        while (_full.TryDequeue(out SendBatch? batch))
        {
            // Only a tick's batch has payloads, and every tick's batch has its deadline; an acknowledgement-only batch has neither.
            long deadline = batch.Deadline;
            if (batch.Count == 0)
            {
                batch.Send();
            }
            else if (Stopwatch.GetTimestamp() - deadline > MaxLateTicks * MixerThread.Period)
            {
                batch.Drop();
                Volatile.Write(ref _dropped, _dropped + 1);
            }
            else
            {
                batch.Send();
                long done = Stopwatch.GetTimestamp();
                Completion.Record(MixerThread.ToMicros(done - deadline));
                if (done > deadline + MixerThread.Period)
                {
                    Volatile.Write(ref _behind, _behind + 1);
                }
            }

            if (provide)
            {
                Provide(batch);
            }

            _free.Enqueue(batch);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Send thread: makes batches, each with room to grow, until the stage has <see cref="KeptBatches"/> of them.</summary>
    private void KeepBatches()
    {
        while (Volatile.Read(ref _batches) < KeptBatches)
        {
            var batch = new SendBatch();
            Provide(batch);
            Interlocked.Increment(ref _batches);
            _free.Enqueue(batch);
        }
    }

    /// <summary>
    /// Send thread, on an empty batch: once it has less than a quarter of room left above the largest tick, it is made twice
    /// the largest tick. So it is remade a few times while rooms fill (and not at every new listener: each remade buffer of a
    /// large tick comes from the large object heap, whose allocations start background collections), and a room that grows
    /// by half during a join storm still fits.
    /// </summary>
    private void Provide(SendBatch batch)
    {
        int entries = Volatile.Read(ref _largestEntries);
        int bytes = Volatile.Read(ref _largestBytes);
        batch.Reserve(
            batch.EntryCapacity < entries + (entries / 4) ? 2 * entries : 0,
            batch.ByteCapacity < bytes + (bytes / 4) ? 2 * bytes : 0);
    }
}
