using Bridge.Media.Codecs;
using Bridge.Media.Prompts;

namespace Bridge.Media.Mixing;

/// <summary>
/// A member of a <see cref="MixRoom"/>. Settings are plain flags the mixer thread reads each tick, so they
/// can be changed from any thread without locks and take effect at the next tick.
/// </summary>
public sealed class MixParticipant
{
    private volatile bool _muted;
    private volatile bool _deafened;
    private volatile bool _hearsRoom;
    private volatile bool _talking;
    private volatile bool _left;
    private volatile bool _keepPrompts;
    private float _gain = 1f;
    private readonly TaskCompletionSource _gone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _admission;
    private volatile MixParticipant? _successor;
    private volatile short[] _roomPcmProvided;

    internal MixParticipant(MixRoom room, IMixerPort port, int id, bool hearsRoom, AudioCodecInfo codec,
        MixRoomOptions options, EncodeGroup mixGroup, EncodeGroup silenceGroup, bool admitted = true)
    {
        _admission = (int)(admitted ? Admission.Admitted : Admission.Waiting);
        Room = room;
        Port = port;
        Id = id;
        Codec = codec;
        _hearsRoom = hearsRoom;
        Encoder = AudioCodecs.CreateEncoder(codec.Name, options.Opus);
        Sharing = EncodeGroup.SharingFor(codec, Encoder);
        MixGroup = mixGroup;
        SilenceGroup = silenceGroup;
        Detector = new TalkerDetector(options);
        PortPcm = new short[codec.SamplesPerFrame];
        _roomPcmProvided = new short[codec.SamplesPerFrame];
        RoomPcm = _roomPcmProvided;
        ToRoom = new RateAdapter(codec.SampleRate, toRoom: true);
        FromRoom = new RateAdapter(codec.SampleRate, toRoom: false);
    }

    /// <summary>Where a participant created by a move stands.</summary>
    internal enum Admission
    {
        /// <summary>Its predecessor is still in its old room.</summary>
        Waiting,

        /// <summary>Its join is queued or applied.</summary>
        Admitted,

        /// <summary>It left before it was admitted.</summary>
        Cancelled,
    }

    /// <summary>
    /// Completes (off the mixer thread) once this participant has left and the mixer will never read or write its port
    /// again: only then may the port's media (RTP/SRTP sessions) be disposed.
    /// </summary>
    public Task Gone => _gone.Task;

    /// <summary>Room-unique id.</summary>
    public int Id { get; }

    /// <summary>The room this participant belongs (or belonged) to.</summary>
    public MixRoom Room { get; }

    /// <summary>The leg's port.</summary>
    public IMixerPort Port { get; }

    /// <summary>The port's codec.</summary>
    public AudioCodecInfo Codec { get; }

    /// <summary>Muted: the room does not hear this participant.</summary>
    public bool Muted { get => _muted; set => _muted = value; }

    /// <summary>Deafened: this participant hears nothing from the room (its own prompts still play).</summary>
    public bool Deafened { get => _deafened; set => _deafened = value; }

    /// <summary>False while waiting for the moderator or still in the IVR: the participant hears only its own
    /// prompts and is not heard by the room.</summary>
    public bool HearsRoom { get => _hearsRoom; set => _hearsRoom = value; }

    /// <summary>Linear gain applied to what this participant sends into the room (0–8; 1 = unchanged).</summary>
    public float Gain
    {
        get => Volatile.Read(ref _gain);
        set => Volatile.Write(ref _gain, float.IsFinite(value) ? Math.Clamp(value, 0f, 8f) : 1f);
    }

    /// <summary>Whether the talker detector currently hears speech from this participant.</summary>
    public bool IsTalking => _talking;

    /// <summary>Queues one prompt for this participant only; <paramref name="onCompleted"/> runs on the thread pool.</summary>
    public void Play(AudioPrompt prompt, Action<PromptResult>? onCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        PlaySequence([prompt], onCompleted);
    }

    /// <summary>Queues prompts played back to back; <paramref name="onCompleted"/> runs once after the last one.</summary>
    public void PlaySequence(IReadOnlyList<AudioPrompt> prompts, Action<PromptResult>? onCompleted = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (Left)
        {
            if (onCompleted is not null)
            {
                ThreadPool.QueueUserWorkItem(static c => c(PromptResult.Stopped), onCompleted, preferLocal: false);
            }

            return;
        }

        Prompts.Enqueue([.. prompts], onCompleted);
    }

    /// <summary>Stops this participant's playing and queued prompts (their callbacks report Stopped).</summary>
    public void StopPrompts() => Prompts.Stop();

    internal IAudioEncoder Encoder { get; }

    internal EncodeGroup MixGroup { get; }

    internal EncodeGroup SilenceGroup { get; }

    internal TalkerDetector Detector { get; }

    internal PromptPlayer Prompts { get; } = new();

    internal RateAdapter ToRoom { get; }

    internal RateAdapter FromRoom { get; }

    /// <summary>One frame at the port's rate (read buffer, then reused for the encoder input).</summary>
    internal short[] PortPcm { get; }

    /// <summary>This participant's contribution at the room rate, as added to the accumulator (mixer thread: the buffer
    /// taken by <see cref="TakeRoomPcm"/> when this tick's contribution was made).</summary>
    internal short[] RoomPcm { get; private set; }

    /// <summary>Mixer thread, before a contribution: takes the buffer the control side provided for the rates this
    /// participant may be mixed at, so a swap by the control side never splits one tick's write and read.</summary>
    internal short[] TakeRoomPcm() => RoomPcm = _roomPcmProvided;

    /// <summary>Control side (the room's rate provisioning): a contribution buffer for one frame at
    /// <paramref name="highestRate"/>, the widest rate the room may mix this participant at (320 octets for a G.711 caller in
    /// a G.711 room, not the 1,920 of 48 kHz).</summary>
    internal void ProvideRoomPcm(int highestRate)
    {
        int samples = AudioFrame.SamplesPerFrame(highestRate);
        if (_roomPcmProvided.Length != samples)
        {
            _roomPcmProvided = new short[samples];
        }
    }

    /// <summary>True when this tick's accumulator contains <see cref="RoomPcm"/>.</summary>
    internal bool Contributes { get; set; }

    internal bool ContributedLastTick { get; set; }

    /// <summary>This tick's level for choosing the loudest talkers (mixer thread only).</summary>
    internal long Level { get; set; }

    /// <summary>True when the last frame sent came from this participant's own encoder (not a shared one).</summary>
    internal bool OwnEncodeLastTick { get; set; }

    /// <summary>Whether this listener may take a shared encode (see <see cref="EncodeSharing"/>).</summary>
    internal EncodeSharing Sharing { get; }

    /// <summary>The shared encode this listener was sent last tick (null: its own, or none yet).</summary>
    internal EncodeGroup? LastGroup { get; set; }

    /// <summary>A stateful-codec listener that has taken over a shared encoder's state keeps its own encoder for good:
    /// its decoder now follows that state, which no shared encoder has.</summary>
    internal bool OwnsStream { get; set; }

    /// <summary>Set on the mixer thread once the leave is applied; prompts queued later end at once as Stopped.</summary>
    internal bool Left { get => _left; set => _left = value; }

    /// <summary>Who replaces this participant when it is cancelled while waiting (a later move).</summary>
    internal MixParticipant? Successor { get => _successor; set => _successor = value; }

    /// <summary>Waiting → Admitted; false when it was cancelled (or already admitted).</summary>
    internal bool TryAdmit() =>
        Interlocked.CompareExchange(ref _admission, (int)Admission.Admitted, (int)Admission.Waiting) == (int)Admission.Waiting;

    /// <summary>Waiting → Cancelled; returns the state before.</summary>
    internal Admission Cancel() =>
        (Admission)Interlocked.CompareExchange(ref _admission, (int)Admission.Cancelled, (int)Admission.Waiting);

    /// <summary>
    /// When this participant is next moved (<see cref="MixRoom.Move"/>), the prompts playing or queued to it go on with the
    /// participant that replaces it, from the sample they had reached and with their callbacks, instead of ending as
    /// Stopped. For a codec change, which replaces the participant within its room while the IVR may be speaking to it.
    /// </summary>
    public void PassPromptsOnMove() => _keepPrompts = true;

    /// <summary>
    /// The participant is out for good: prompts end as Stopped, or go to <paramref name="heir"/> (not yet admitted) when
    /// <see cref="PassPromptsOnMove"/> asked for it; <see cref="Gone"/> completes. Idempotent.
    /// </summary>
    internal void Finish(MixParticipant? heir = null)
    {
        Left = true;
        if (_keepPrompts && heir is not null)
        {
            heir.Prompts.TakeOver(Prompts);
        }
        else
        {
            Prompts.Abandon();
        }

        if (_gone.TrySetResult())
        {
            Room.OnGone();
        }
    }

    /// <summary>Publishes the detector state; returns true when it changed.</summary>
    internal bool PublishTalking(bool talking)
    {
        if (_talking == talking)
        {
            return false;
        }

        _talking = talking;
        return true;
    }
}
