using System.Collections.Concurrent;
using Bridge.Calls.Legs;
using Bridge.Calls.Media;
using Bridge.Calls.Trunks;
using Bridge.Conferencing;
using Bridge.DialPlans;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp;
using Bridge.Sip.Stack;
using Bridge.Sip.Dialogs;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// Turns a new INVITE into a call leg: the dial plan decides (reject, room, IVR, echo), SDP offer/answer
/// picks the codec and SRTP suite, an RTP port pair is allocated, the call is answered and handed to
/// the conference service. Refusals get their SIP status: 404 (no route), 488 (no common codec or the
/// room's media policy), 503 (no media ports, or the concurrent-call limits of issue #5).
/// </summary>
public sealed partial class CallManager : IDisposable
{
    private readonly CallsOptions _options;
    private readonly ConferenceService _conference;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RtpPortAllocator _ports;
    private readonly MediaHub _media;
    private readonly ConcurrentDictionary<string, CallLeg> _legs = new(StringComparer.Ordinal);
    private readonly CallAdmission _admission;

    public CallManager(CallsOptions options, Func<IRoomAudioFactory, ConferenceService> conferenceFactory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<CallManager>();
        _admission = new CallAdmission(options.MaxCallsPerSource, options.MaxCalls);
        _ports = CreatePorts(options, _logger);
        _media = new MediaHub(new PromptLibrary(options.PromptsDirectory, loggerFactory.CreateLogger<PromptLibrary>()), options.MixerThreads, options.MixerRealtimePriority, loggerFactory.CreateLogger<MediaHub>());
        _conference = conferenceFactory(_media);
    }

    public ConferenceService Conference => _conference;

    /// <summary>Calls up right now.</summary>
    public int ActiveCalls => _legs.Count;

    /// <summary>Mixer tick timing, for metrics and the load test.</summary>
    public Bridge.Media.Mixing.MixerStats MixerStats => _media.Engine.GetStats();

    /// <summary>Mixer threads running in the real-time class (see <see cref="CallsOptions.MixerRealtimePriority"/>).</summary>
    public int RealtimeMixerThreads => _media.Engine.RealtimeThreads;

    /// <summary>The handler for <see cref="SipEndpoint.IncomingCallHandler"/>.</summary>
    public async Task HandleAsync(IncomingCall call)
    {
        var session = call.Session;
        TrackCallMetrics(session);
        var caller = TrunkCaller.Of(_conference.Trunks, session.Invite, session.Remote, Authenticator);
        if (!TryAdmit(caller))
        {
            // Checked before the dial plan, so the answer is the same for every number (no enumeration).
            LogCallLimit(session.CallId);
            await call.RejectAsync(503, "Too many calls").ConfigureAwait(false);
            return;
        }

        ReleaseWhenEnded(session, () => Release(caller));

        var dialled = caller.Dialled(session.Invite.RequestUri.User ?? "");
        var decision = _conference.Route(dialled);
        if (decision.Kind == RouteDecisionKind.Reject)
        {
            await call.RejectAsync(decision.Status).ConfigureAwait(false);
            return;
        }

        var secureTransport = session.Remote.Transport.Equals("TLS", StringComparison.OrdinalIgnoreCase);
        if (decision.Media == MediaPolicy.Secure && !secureTransport)
        {
            LogPolicyRefused(session.CallId, "secure media needs SIP over TLS");
            await call.RejectAsync(488, "Secure media required").ConfigureAwait(false);
            return;
        }

        if (!RtpSession.TryCreate(_ports, _options.MediaAddress, new RtpSessionOptions { InactivityTimeout = _options.RtpTimeout }, _time, out var rtp))
        {
            LogNoPorts(session.CallId, _ports.DescribeRefusal());
            await call.RejectAsync(503, "No media ports available").ConfigureAwait(false);
            return;
        }

        var negotiation = new NegotiationOptions
        {
            MediaAddress = _options.SdpAddress,
            Preference = _options.CodecPreference,
            Srtp = decision.Media switch
            {
                MediaPolicy.Secure => SrtpPolicy.Required,
                MediaPolicy.Plain => SrtpPolicy.Disabled,
                _ => SrtpPolicy.Optional,
            },
            DtlsFingerprint = DtlsSdpFingerprint,
        };

        try
        {
            var offerAnswer = new OfferAnswerSession(negotiation, rtp.Ports.RtpPort);
            var audio = await NegotiateAndAnswerAsync(call, offerAnswer, negotiation, secureTransport).ConfigureAwait(false);
            if (audio is null)
            {
                rtp.Dispose();
                return;
            }

            StartLeg(session, rtp, audio, decision, offerAnswer, caller.ToSource());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            rtp.Dispose();
            await EndFailedSetUpAsync(call, exception).ConfigureAwait(false);
        }
    }

    /// <summary>Ends every call with BYE and waits for their transactions (the graceful stop).</summary>
    public async Task HangupAllAsync(CancellationToken ct)
    {
        var legs = _legs.Values.ToArray();
        await Task.WhenAll(legs.Select(leg => leg.HangupAsync())).WaitAsync(ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        StopQualitySampler();
        _media.Dispose();
        _ports.ReceiveEngine?.Dispose();
    }

    private async Task<NegotiatedAudio?> NegotiateAndAnswerAsync(IncomingCall call, OfferAnswerSession offerAnswer, NegotiationOptions negotiation, bool secureTransport)
    {
        var session = call.Session;
        NegotiatedAudio audio;
        if (session.RemoteSdp.Length > 0)
        {
            if (!SessionDescription.TryParse(session.RemoteSdp.Span, out var offer, out var error))
            {
                LogBadSdp(session.CallId, error ?? "unreadable");
                await call.RejectAsync(400, "Malformed SDP").ConfigureAwait(false);
                return null;
            }

            var result = offerAnswer.AnswerInitialOffer(offer);
            if (!result.Success || result.Answer is null || result.Audio is null)
            {
                LogPolicyRefused(session.CallId, result.FailureReason ?? "no acceptable media");
                await call.RejectAsync(result.FailureStatus == 0 ? 488 : result.FailureStatus, result.FailureReason).ConfigureAwait(false);
                return null;
            }

            await RingIfConfiguredAsync(call).ConfigureAwait(false);
            if (call.Cancelled.IsCancellationRequested || session.State == InviteSessionState.Terminated)
            {
                return null;
            }

            await call.AcceptAsync(result.Answer.ToBytes()).ConfigureAwait(false);
            audio = result.Audio;
        }
        else
        {
            // Late offer (RFC 3261 §13.2.1): our offer goes in the 200, the answer comes in the ACK.
            var offer = offerAnswer.CreateOffer(secure: negotiation.Srtp != SrtpPolicy.Disabled && secureTransport);
            var ack = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
            session.AckReceived += (_, body) => ack.TrySetResult(body);
            await RingIfConfiguredAsync(call).ConfigureAwait(false);
            await call.AcceptAsync(offer.ToBytes()).ConfigureAwait(false);
            var body = await ack.Task.WaitAsync(TimeSpan.FromSeconds(32), _time).ConfigureAwait(false);
            if (!SessionDescription.TryParse(body.Span, out var answer, out _)
                || offerAnswer.ApplyAnswer(answer) is not { Success: true, Audio: { } applied })
            {
                LogBadSdp(session.CallId, "no usable answer in the ACK");
                await session.HangupAsync().ConfigureAwait(false);
                return null;
            }

            audio = applied;
        }

        if (audio.IsSecure && audio.Dtls is null && !secureTransport)
        {
            LogSdesOverPlainTransport(session.CallId);
        }

        return audio;
    }

    private async Task RingIfConfiguredAsync(IncomingCall call)
    {
        if (_options.AnswerDelay <= TimeSpan.Zero)
        {
            return;
        }

        await call.RingAsync().ConfigureAwait(false);
        try
        {
            await Task.Delay(_options.AnswerDelay, _time, call.Cancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // CANCEL: the transaction layer has answered 487.
        }
    }

    private void StartLeg(InviteSession session, RtpSession rtp, NegotiatedAudio audio, RouteDecision decision, OfferAnswerSession offerAnswer, CallerSource source)
    {
        RekeyableSrtpSession? srtp = null;
        if (audio is { LocalCrypto: { } local, RemoteCrypto: { } remote })
        {
            srtp = new RekeyableSrtpSession(ToKey(local), ToKey(remote));
        }

        SipDtlsTransport? dtls = null;
        if (audio.Dtls is not null && (dtls = CreateDtls(session.CallId, rtp, audio)) is null)
        {
            rtp.Dispose();
            _ = session.HangupAsync();
            return;
        }

        var leg = new CallLeg(session, rtp, audio, srtp, source, _media, _time, _loggerFactory.CreateLogger<CallLeg>());
        if (!_legs.TryAdd(leg.Id, leg))
        {
            leg.Release("duplicate Call-ID");
            return;
        }

        session.Terminated += (_, _) => _legs.TryRemove(leg.Id, out _);
        WatchForeignMedia(session.CallId, rtp);
        leg.EnableRenegotiation(offerAnswer);
        if (dtls is not null)
        {
            leg.UseDtls(dtls);
        }

        _media.EnterLobby(leg);
        leg.StartMedia();
        LogAnswered(session.CallId, source.MaskedUser, audio.Codec.Name, leg.IsMediaSecure);
        if (dtls is not null)
        {
            _ = HandOverWhenKeyedAsync(leg, dtls, session, decision);
            return;
        }

        HandOver(leg, session, decision);
    }

    /// <summary>The conference takes the answered call (IVR, room or echo test).</summary>
    private void HandOver(CallLeg leg, InviteSession session, RouteDecision decision)
    {
        var conferenceCall = _conference.HandleNewCall(leg, decision);
        leg.AttachConference(conferenceCall);
        if (session.State == InviteSessionState.Terminated)
        {
            leg.Release("ended during set-up");
            _legs.TryRemove(leg.Id, out _);
        }
    }

    internal static SrtpKeyMaterial ToKey(SdesCrypto crypto)
    {
        if (!SrtpSuites.TryParse(crypto.Suite, out var suite))
        {
            throw new InvalidOperationException("negotiated an SRTP suite the SRTP layer does not know: " + crypto.Suite);
        }

        return new SrtpKeyMaterial(suite, crypto.MasterKey, crypto.MasterSalt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} answered for {Caller}: {Codec}, SRTP {Secure}")]
    private partial void LogAnswered(string callId, string caller, string codec, bool secure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} refused with 503: concurrent call limit (per source or total) reached")]
    private partial void LogCallLimit(string callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} refused with 503: no RTP ports ({Reason})")]
    private partial void LogNoPorts(string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} refused: {Reason}")]
    private partial void LogPolicyRefused(string callId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: unusable SDP ({Reason})")]
    private partial void LogBadSdp(string callId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: SRTP keys were exchanged over an unencrypted SIP transport; the media policy allows it")]
    private partial void LogSdesOverPlainTransport(string callId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Call {CallId} failed during set-up: {Reason}")]
    private partial void LogCallFailed(string callId, string reason);
}
