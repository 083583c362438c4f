using System.Net;
using System.Net.Sockets;
using Bridge.Calls.Legs;
using Bridge.Calls.Media;
using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.Conferencing.Roster;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Rtp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;
using Bridge.WebRtc.Ice;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// A browser participant's media on one UDP port (RFC 8829 with BUNDLE and rtcp-mux, RFC 8843 / RFC 5761): the
/// <see cref="RtpSession"/>'s receive loop hands STUN to the ICE-lite agent (RFC 8445 §2.5) and DTLS to the DTLS-SRTP
/// endpoint (RFC 5764, RFC 7983 demultiplexing); SRTP and SRTCP are taken only from an ICE-validated address and only
/// once DTLS gave keys. Received Opus goes through the same jitter buffer and <see cref="LegAudioReader"/> as a SIP leg's,
/// the mixer's Opus output is protected and sent to the ICE-selected address. Presented to the conference as an
/// <see cref="IConferenceLeg"/> that hears no spoken prompts (the browser shows its state on the page). Media lost (ICE
/// consent expired, RFC 7675 §5.1; DTLS failed; no RTP for the timeout) and leaving all end in <see cref="Release"/>.
/// </summary>
internal sealed partial class WebRtcLeg : IConferenceLeg, IMixLeg, IRosterIdentity
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(5);

    /// <summary>RFC 6464 level (-dBov) from which a browser's packet is taken as silence and not decoded.</summary>
    internal const int SilenceLevel = 62;

    private readonly RtpSession _rtp;
    private readonly IceLiteAgent _ice;
    private readonly DtlsSrtpEndpoint _dtls;
    private readonly WebRtcSrtpGate _srtp;
    private readonly LegAudioReader _reader;
    private readonly JitterBuffer _jitter;
    private readonly TelephoneEventReceiver _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _stunResponse = new byte[IceLiteAgent.MinimumResponseBufferLength * 2];
    private readonly Lock _bindingLock = new();
    private readonly List<Task> _gone = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _createdAt;
    private WebRtcPort? _binding;
    private ConferenceCall? _conference;
    private volatile SocketAddress? _dtlsPeer;
    private ITimer? _housekeeping;
    private long _dtlsFromUnvalidated;
    private int _reportedForeignDtls;
    private int _reportedForeignMedia;
    private int _released;

    public WebRtcLeg(
        string id,
        CallerSource source,
        string displayName,
        RtpSession rtp,
        IceLiteAgent ice,
        DtlsCertificate certificate,
        DtlsFingerprint remoteFingerprint,
        WebRtcNegotiatedAudio audio,
        TimeProvider time,
        ILogger logger)
    {
        Id = id;
        Source = source;
        DisplayName = displayName;
        Audio = audio;
        _rtp = rtp;
        _ice = ice;
        _time = time;
        _logger = logger;
        _createdAt = time.GetTimestamp();
        _srtp = new WebRtcSrtpGate(() => LogSrtpBeforeKeys(Id));
        _dtls = new DtlsSrtpEndpoint(certificate, audio.IsDtlsClient ? DtlsRole.Client : DtlsRole.Server, remoteFingerprint, SendDtls, logger: logger);
        var codec = AudioCodecs.GetInfo(AudioCodecs.Opus);
        var jitter = new JitterBuffer(codec.RtpClockRate, time);
        _jitter = jitter;
        _events = new TelephoneEventReceiver(time);
        _reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(codec.Name), codec, _events, inBandDtmf: false, static _ => { });

        ice.SetRemoteUfrag(audio.RemoteIceUfrag);
        ice.SelectedRemoteChanged += OnSelectedRemoteChanged;
        rtp.SetClockRates(codec.RtpClockRate, 48000);
        rtp.Protector = _srtp;
        rtp.JitterBuffer = jitter;
        rtp.SilentPayload = LegSilence.For(codec, _reader);
        rtp.ReceivePayloadType = audio.OpusPayloadType;
        rtp.SendPayloadType = audio.OpusPayloadType;
        if (audio.TelephoneEventPayloadType is { } eventType)
        {
            // Digits from a browser mean nothing to the room (no IVR); they are taken so they are not counted as foreign.
            rtp.EventReceiver = _events;
            rtp.ReceiveEventPayloadType = eventType;
        }

        if (audio.AudioLevelExtensionId is { } levelId)
        {
            // RFC 6464: packets at or under -62 dBov (10 dB below the mixer's talk-off level) would never be mixed; they are
            // not decoded either.
            rtp.AudioLevelExtensionId = levelId;
            rtp.SilenceLevel = SilenceLevel;
        }

        rtp.MediaSourceFilter = IsMediaSource;
        rtp.NonMediaDatagramReceived = OnNonMediaDatagram;
        rtp.InactivityTimeout += OnRtpTimeout;
    }

    public string Id { get; }

    public CallerSource Source { get; }

    public string DisplayName { get; }

    public ParticipantKind Kind => ParticipantKind.Browser;

    /// <summary>DTLS-SRTP is the only media a browser gets (RFC 8827 §6.5).</summary>
    public bool IsMediaSecure => true;

    public WebRtcNegotiatedAudio Audio { get; }

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>Called once the media is closed, just before <see cref="Ended"/> completes (the gateway gives back the call-limit place).</summary>
    public Action? Closed { get; set; }

    /// <summary>Completes once the leg was released and its media closed.</summary>
    public Task Ended => _ended.Task;

    public MixParticipant? Participant => _binding?.Participant;

    /// <summary>The local media port (one for ICE, DTLS, SRTP and SRTCP).</summary>
    public IPEndPoint LocalEndPoint => _rtp.LocalRtpEndPoint;

    /// <summary>True once the DTLS handshake gave SRTP keys.</summary>
    public bool HasKeys => _srtp.HasKeys;

    /// <summary>Counters for tests and metrics: RTP/RTCP before keys, media and DTLS from addresses that did no ICE check.</summary>
    public (long BeforeKeys, long ForeignMedia, long ForeignDtls, long Received) Drops =>
        (_srtp.DroppedBeforeKeys, _rtp.SourceFilteredPackets, Interlocked.Read(ref _dtlsFromUnvalidated), _rtp.GetStatistics().PacketsReceived);

    /// <summary>Packets not decoded because their RFC 6464 level said silence.</summary>
    public long SilentPacketsSkipped => _rtp.SilentPacketsSkipped;

    /// <summary>RTP packets sent to the browser.</summary>
    public long Sent => _rtp.GetStatistics().PacketsSent;

    /// <summary>Receive-side state for diagnostics: jitter buffer and mixer membership.</summary>
    internal string Describe() => $"{_jitter.GetStatistics()} room={Participant?.Room.Name} muted={Participant?.Muted} hears={Participant?.HearsRoom} talking={Participant?.IsTalking}";

    /// <summary>Starts the socket loop, the DTLS endpoint (a server waits for the ClientHello) and the consent watch.</summary>
    public void Start()
    {
        _rtp.Start();
        _dtls.Start();
        _ = WatchHandshakeAsync();
        _housekeeping = _time.CreateTimer(static s => ((WebRtcLeg)s!).Housekeeping(), this, HousekeepingInterval, HousekeepingInterval);
    }

    public void AttachConference(ConferenceCall conference)
    {
        _conference = conference;
        if (IsReleased)
        {
            conference.OnRemoteHangup();
        }
    }

    /// <summary>Same queued move as a SIP leg's (<see cref="CallLeg.MoveTo"/>); null once released.</summary>
    public MixParticipant? MoveTo(MixRoom room, bool hearsRoom, bool muted)
    {
        var participant = MoveAudioTo(room, hearsRoom, muted);
        if (participant is not null)
        {
            PlaceVideo(hearsRoom ? room.Name : null); // no video while waiting in a lobby
        }

        return participant;
    }

    private MixParticipant? MoveAudioTo(MixRoom room, bool hearsRoom, bool muted)
    {
        lock (_bindingLock)
        {
            if (IsReleased)
            {
                return null;
            }

            var binding = new WebRtcPort(this);
            MixParticipant participant;
            if (_binding?.Participant is { } previous)
            {
                participant = previous.Room.Move(previous, room, binding, hearsRoom);
                TrackGone(previous);
            }
            else
            {
                participant = room.Join(binding, hearsRoom);
            }

            participant.Muted = muted;
            binding.Participant = participant;
            _binding = binding;
            return participant;
        }
    }

    /// <summary>No spoken prompts for a browser: the sequence counts as played at once.</summary>
    public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone)
    {
        ArgumentNullException.ThrowIfNull(onDone);
        onDone();
    }

    public void StopPrompts()
    {
    }

    /// <summary>Browsers are never routed to the echo test.</summary>
    public void StartEcho(TimeSpan delay)
    {
    }

    public void Hangup() => Release("ended by the bridge");

    /// <summary>Mixer thread: one 20 ms frame of the browser's audio.</summary>
    internal bool ReadFrame(Span<short> pcm) => _reader.Read(pcm);

    /// <summary>Mixer thread: one encoded Opus frame to the browser (dropped until DTLS gave keys and ICE selected a path).</summary>
    internal void Send(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (Volatile.Read(ref _released) == 0)
        {
            _rtp.SendAudio(payload, rtpTimestampIncrement);
        }
    }

    /// <summary>The one release path: leave the mixer, wait for its acknowledgement, then free socket, keys and timers.</summary>
    public void Release(string reason)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        Task gone;
        lock (_bindingLock)
        {
            if (_binding?.Participant is { } participant)
            {
                participant.Room.Leave(participant);
                TrackGone(participant);
            }

            gone = Task.WhenAll(_gone);
            _gone.Clear();
        }

        _housekeeping?.Dispose();
        _rtp.InactivityTimeout -= OnRtpTimeout;
        _ice.SelectedRemoteChanged -= OnSelectedRemoteChanged;
        PlaceVideo(null);
        _ = DisposeMediaAfterAsync(gone);
        LogReleased(Id, reason);
        _conference?.OnRemoteHangup();
    }

    private void TrackGone(MixParticipant participant)
    {
        _gone.RemoveAll(static t => t.IsCompleted);
        _gone.Add(participant.Gone);
    }

    private async Task DisposeMediaAfterAsync(Task gone)
    {
        try
        {
            await gone.WaitAsync(GoneTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogMixerNoAck(Id);
        }

        LogMediaSummary();
        _rtp.Dispose();
        Video?.Close();
        _dtls.Dispose();
        _srtp.Dispose();
        _ice.Dispose();
        Closed?.Invoke();
        _ended.TrySetResult();
    }

    private void OnRtpTimeout(object? sender, EventArgs e)
    {
        if (_srtp.HasKeys)
        {
            Release("no media for the RTP timeout");
        }
    }

    private void Housekeeping()
    {
        if (IsReleased)
        {
            return;
        }

        if (_ice.IsConsentExpired)
        {
            Release("ICE consent expired (RFC 7675: no valid check for 30 s)");
        }
        else if (_ice.SelectedRemoteEndPoint is null && _time.GetElapsedTime(_createdAt) >= IceLiteAgent.ConsentTimeout)
        {
            Release("no ICE nomination within 30 s");
        }
        else
        {
            Video?.SendEstimates();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId} released ({Reason})")]
    private partial void LogReleased(string legId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Browser {LegId}: the mixer did not acknowledge the leave within 5 s; closing media anyway")]
    private partial void LogMixerNoAck(string legId);
}
