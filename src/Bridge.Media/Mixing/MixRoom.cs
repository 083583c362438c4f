using Bridge.Media.Codecs;
using Bridge.Media.Prompts;

namespace Bridge.Media.Mixing;

/// <summary>
/// One conference's audio mix (docs/architecture.md §2 step 6). Joins and leaves are queued lock-free and
/// applied at the start of a tick (pjmedia conference's idea). Per tick: read one frame per participant,
/// detect talkers, sum talkers into a 32-bit accumulator, and give each listener the sum minus its own
/// contribution, clamped once; listeners who are not talking and share a codec share one encode.
/// <see cref="Tick"/> runs on one thread at a time (a <see cref="MixerEngine"/> thread, or a test).
/// </summary>
public sealed partial class MixRoom
{
    private readonly MixRoomOptions _options;
    private readonly Dictionary<(string Codec, bool Silent), EncodeGroup> _groups = [];
    private readonly Lock _groupLock = new();
    private readonly PromptPlayer _roomPrompts = new();
    private readonly int[] _acc = new int[AudioFrame.MaxFrameSamples];
    private readonly int[] _work = new int[AudioFrame.MaxFrameSamples];
    private readonly short[] _mix = new short[AudioFrame.MaxFrameSamples];
    private readonly short[] _custom = new short[AudioFrame.MaxFrameSamples];
    /// <summary>One listener's own encode, sent before the next one's (a buffer per room, not per participant).</summary>
    private readonly byte[] _payload = new byte[1500];
    /// <summary>Where this tick's payloads and departures go (set for the length of a tick by a mixer thread).</summary>
    private SendBatch? _batch;
    private MixParticipant[] _members = new MixParticipant[InitialCapacity];
    private int[] _candidates = new int[InitialCapacity];
    private int _count;
    private int _nextId;
    private long _tick;
    private volatile int _sampleRate;
    private volatile RoomRecorder? _recorder;
    private long _ticksDone;
    private int _lastCount;
    private int _lastTalkers;
    private int _lastEncodes;
    private long _totalEncodes;
    private long _portErrors;

    /// <summary>Creates an empty room.</summary>
    public MixRoom(string name, MixRoomOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        _options = options ?? MixRoomOptions.Default;
        _options.Validate();
        Name = name;
        Errors = new TickErrorReporter(name);
        _sampleRate = _options.SampleRate == 0 ? 16000 : _options.SampleRate;
    }

    /// <summary>Room name, for logs.</summary>
    public string Name { get; }

    /// <summary>Current mixing rate: the widest codec present (8000, 16000 or 48000; 16000 when empty), unless fixed.</summary>
    public int SampleRate => _sampleRate;

    /// <summary>Counters of the last completed tick.</summary>
    public MixRoomStats Stats => new(Volatile.Read(ref _ticksDone), Volatile.Read(ref _lastCount), Volatile.Read(ref _lastTalkers),
        Volatile.Read(ref _lastEncodes), Volatile.Read(ref _totalEncodes), Volatile.Read(ref _portErrors), _sampleRate);

    /// <summary>Raised (on the thread pool) when a participant starts or stops talking.</summary>
    public event EventHandler<TalkerChangedEventArgs>? TalkerChanged;

    /// <summary>Queues a prompt everybody in the room hears (those who hear the room).</summary>
    public void PlayToRoom(AudioPrompt prompt, Action<PromptResult>? onCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _roomPrompts.Enqueue([prompt], onCompleted);
        WakeOwner();
    }

    /// <summary>Queues prompts played to the room back to back; one callback after the last.</summary>
    public void PlaySequenceToRoom(IReadOnlyList<AudioPrompt> prompts, Action<PromptResult>? onCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        _roomPrompts.Enqueue([.. prompts], onCompleted);
        WakeOwner();
    }

    /// <summary>Stops room-wide prompts (playing and queued).</summary>
    public void StopRoomPrompts() => _roomPrompts.Stop();

    /// <summary>Starts recording the room mix (what a silent listener hears) to a 16 kHz mono WAV file.
    /// File writing happens off the mixer thread. Throws when already recording.</summary>
    public void StartRecording(string wavPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(wavPath);
        var recorder = new RoomRecorder(wavPath);
        if (Interlocked.CompareExchange(ref _recorder, recorder, null) is not null)
        {
            _ = recorder.CompleteAsync();
            throw new InvalidOperationException($"Room {Name} is already recording.");
        }

        WakeOwner();
    }

    /// <summary>Stops recording and completes the file; no-op when not recording.</summary>
    public Task StopRecordingAsync()
    {
        RoomRecorder? recorder = Interlocked.Exchange(ref _recorder, null);
        return recorder is null ? Task.CompletedTask : recorder.CompleteAsync();
    }

    /// <summary>Mixes one 20 ms frame and hands each listener's payload to its port before returning (a test, or a room ticked
    /// without a <see cref="MixerEngine"/>). Allocation-free in steady state.</summary>
    public void Tick() => Tick(null);

    /// <summary>
    /// Mixes one 20 ms frame. With a <paramref name="batch"/> (the engine's mixer threads) the payloads are queued in it for
    /// the thread's <see cref="SendStage"/>, and departures are settled once what was queued before them is sent; without one
    /// they go to the ports at once.
    /// </summary>
    internal void Tick(SendBatch? batch)
    {
        _batch = batch;
        try
        {
            TickCore();
        }
        finally
        {
            _batch = null;
        }
    }

    /// <summary>Payloads the last tick wrote (mixer thread; the engine's choice between sending inline and its send stage).</summary>
    internal int LastTickWrites { get; private set; }

    private void TickCore()
    {
        LastTickWrites = 0;
        long tick = ++_tick;
        ApplyMembership();
        int rate = _sampleRate;
        int samples = AudioFrame.SamplesPerFrame(rate);
        Span<int> acc = _acc.AsSpan(0, samples);
        acc.Clear();
        long portErrors = _portErrors;
        int talkers = ReadAndSum(acc, rate, ref portErrors);
        _roomPrompts.MixInto(acc, rate);
        Span<short> mix = _mix.AsSpan(0, samples);
        MixMath.Clamp(acc, mix);
        _recorder?.Write(mix, rate);

        TakeOverSharedStates(rate);
        int encodes = 0;
        for (int i = 0; i < _count; i++)
        {
            MixParticipant p = _members[i];
            try
            {
                encodes += Send(p, acc, mix, rate, tick);
            }
            catch (Exception ex)
            {
                portErrors++;
                Errors.Report(ex);
            }
        }

        Volatile.Write(ref _lastCount, _count);
        Volatile.Write(ref _lastTalkers, talkers);
        Volatile.Write(ref _lastEncodes, encodes);
        Volatile.Write(ref _totalEncodes, _totalEncodes + encodes);
        Volatile.Write(ref _portErrors, portErrors);
        Volatile.Write(ref _ticksDone, tick);
    }

    private int ReadAndSum(Span<int> acc, int rate, ref long portErrors)
    {
        int candidates = 0;
        for (int i = 0; i < _count; i++)
        {
            MixParticipant p = _members[i];
            p.ContributedLastTick = p.Contributes;
            p.Contributes = false;
            short[] pcm = p.PortPcm;
            bool got;
            try
            {
                got = p.Port.ReadFrame(pcm);
            }
            catch (Exception ex)
            {
                portErrors++;
                Errors.Report(ex);
                got = false;
            }

            long level = got ? MixMath.MeanSquare(pcm) : 0;
            bool talking = p.Detector.Update(level);
            if (p.PublishTalking(talking))
            {
                RaiseTalkerChanged(p, talking);
            }

            if (talking && got && !p.Muted && p.HearsRoom)
            {
                // Who was mixed last tick keeps a 6 dB advantage, so the loudest-N choice does not flap.
                p.Level = p.ContributedLastTick ? level * 4 : level;
                _candidates[candidates++] = i;
            }
        }

        int max = _options.MaxTalkers;
        int selected = max > 0 && candidates > max ? SelectLoudest(candidates, max) : candidates;
        for (int c = 0; c < selected; c++)
        {
            MixParticipant p = _members[_candidates[c]];
            short[] pcm = p.PortPcm;
            float gain = p.Gain;
            if (gain != 1f)
            {
                MixMath.ApplyGain(pcm, gain);
            }

            var toRoom = p.ToRoom.For(rate);
            if (toRoom is null)
            {
                continue; // not provided (cannot happen: MixRoom.Rates provides before the join is queued)
            }

            if (!p.ContributedLastTick)
            {
                toRoom.Reset();
            }

            short[] roomPcm = p.TakeRoomPcm();
            if (roomPcm.Length < acc.Length)
            {
                continue; // not provided (cannot happen: MixRoom.Rates provides before the join is queued)
            }

            Span<short> contribution = roomPcm.AsSpan(0, acc.Length);
            if (toRoom.Process(pcm, contribution) != acc.Length)
            {
                continue;
            }

            MixMath.Add(acc, contribution);
            p.Contributes = true;
        }

        return selected;
    }

    /// <summary>Moves the <paramref name="max"/> loudest candidates to the front (partial selection sort:
    /// max is small, and this only runs when more people talk at once than the room mixes).</summary>
    private int SelectLoudest(int candidates, int max)
    {
        Span<int> indexes = _candidates.AsSpan(0, candidates);
        for (int k = 0; k < max; k++)
        {
            int best = k;
            for (int j = k + 1; j < indexes.Length; j++)
            {
                if (_members[indexes[j]].Level > _members[indexes[best]].Level)
                {
                    best = j;
                }
            }

            (indexes[k], indexes[best]) = (indexes[best], indexes[k]);
        }

        return max;
    }

    /// <summary>Encodes and sends one listener's frame; returns the encoder calls it cost (0 when shared and
    /// already encoded this tick).</summary>
    private int Send(MixParticipant p, ReadOnlySpan<int> acc, ReadOnlySpan<short> mix, int rate, long tick)
    {
        bool hears = p.HearsRoom && !p.Deafened;
        bool privatePrompt = p.Prompts.HasWork;
        bool sharedPath = UsesShared(p, hears, privatePrompt);
        bool ownLastTick = p.OwnEncodeLastTick;
        p.OwnEncodeLastTick = !sharedPath;
        p.LastGroup = null;
        if (sharedPath)
        {
            EncodeGroup group = hears ? p.MixGroup : p.SilenceGroup;
            p.LastGroup = group;
            ReadOnlySpan<byte> shared = group.GetPayload(mix, rate, tick, out bool encoded);
            if (shared.Length > 0)
            {
                Write(p, shared);
            }

            return encoded ? 1 : 0;
        }

        if (p.Sharing != EncodeSharing.Free && !OwnForPromptOnly(p, hears))
        {
            p.OwnsStream = true; // its decoder now follows its own encoder
        }

        int samples = acc.Length;
        Span<int> work = _work.AsSpan(0, samples);
        if (hears)
        {
            acc.CopyTo(work);
            if (p.Contributes)
            {
                ReadOnlySpan<short> own = p.RoomPcm.AsSpan(0, samples);
                for (int i = 0; i < samples; i++)
                {
                    work[i] -= own[i];
                }
            }
        }
        else
        {
            work.Clear();
        }

        if (privatePrompt)
        {
            p.Prompts.MixInto(work, rate);
        }

        Span<short> custom = _custom.AsSpan(0, samples);
        MixMath.Clamp(work, custom);
        short[] portPcm = p.PortPcm;
        var fromRoom = p.FromRoom.For(rate);
        if (fromRoom is null)
        {
            return 0; // not provided (cannot happen: MixRoom.Rates provides before the join is queued)
        }

        if (!ownLastTick)
        {
            fromRoom.Reset();
        }

        if (fromRoom.Process(custom, portPcm) != portPcm.Length)
        {
            return 0;
        }

        int bytes = p.Encoder.Encode(portPcm, _payload);
        if (bytes > 0)
        {
            Write(p, _payload.AsSpan(0, bytes));
        }

        return 1;
    }

    /// <summary>Queues the payload for the send stage, or, ticked without one, hands it to the port now.</summary>
    private void Write(MixParticipant p, ReadOnlySpan<byte> payload)
    {
        LastTickWrites++;
        if (_batch is { } batch)
        {
            batch.Add(this, p.Port, payload, p.Codec.TimestampIncrementPerFrame);
        }
        else
        {
            p.Port.WriteEncoded(payload, p.Codec.TimestampIncrementPerFrame);
        }
    }

    private EncodeGroup GetGroup(AudioCodecInfo codec, bool silent)
    {
        lock (_rateLock)
        lock (_groupLock)
        {
            if (!_groups.TryGetValue((codec.Name, silent), out EncodeGroup? group))
            {
                group = new EncodeGroup(codec, silent, _options.Opus);
                if (!silent)
                {
                    Reconcile(null, group.RoomAdapter);
                }

                _groups.Add((codec.Name, silent), group);
            }

            return group;
        }
    }

    private void RaiseTalkerChanged(MixParticipant participant, bool talking)
    {
        if (TalkerChanged is null)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state => state.Room.TalkerChanged?.Invoke(state.Room, new TalkerChangedEventArgs(state.Participant, state.Talking)),
            (Room: this, Participant: participant, Talking: talking),
            preferLocal: false);
    }
}
