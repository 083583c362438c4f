using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp;

/// <summary>
/// The offer/answer state of one dialog (RFC 3264 §8): every description we send carries the same o= session id, and
/// the version grows only when the description changes (§8: "if ... no change ... the version MUST NOT be incremented"
/// reads the other way round too: a repeated description keeps its version). Re-offers may hold or resume (§8.4),
/// move the peer's media (§8.3.1), switch codec within the set negotiated first (§8.3.2), re-key SRTP (RFC 4568 §7.1.4)
/// or disable the stream with port 0 (§8.2). A refused re-offer leaves the state as it was (RFC 3261 §14.2).
/// One exchange at a time (the dialog allows no more); the methods lock anyway.
/// </summary>
public sealed class OfferAnswerSession
{
    private readonly Lock _lock = new();
    private readonly NegotiationOptions _options;
    private readonly int _localRtpPort;
    private readonly SdpSessionVersion _version;
    private List<CodecSpec> _codecs = [];
    private NegotiatedAudio? _audio;
    private NegotiatedAudio? _lastAudio;
    private SessionDescription? _local;
    private SessionDescription? _pendingOffer;
    private bool _secure;
    private bool _established;

    /// <summary>State for a dialog whose local RTP port is <paramref name="localRtpPort"/>.</summary>
    public OfferAnswerSession(NegotiationOptions options, int localRtpPort, SdpSessionVersion? version = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(localRtpPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localRtpPort, 65535);
        _options = options;
        _localRtpPort = localRtpPort;
        _version = version ?? new SdpSessionVersion();
    }

    /// <summary>The o= id and version counter of the dialog.</summary>
    public SdpSessionVersion Version => _version;

    /// <summary>The audio agreed by the last exchange; null before the first one and while the stream is disabled.</summary>
    public NegotiatedAudio? Audio
    {
        get
        {
            lock (_lock)
            {
                return _audio;
            }
        }
    }

    /// <summary>The codecs both sides supported in the first exchange, in our preference order: re-offers choose among them.</summary>
    public IReadOnlyList<CodecSpec> NegotiatedCodecs
    {
        get
        {
            lock (_lock)
            {
                return [.. _codecs];
            }
        }
    }

    /// <summary>The last description we sent (offer or answer).</summary>
    public SessionDescription? LocalDescription
    {
        get
        {
            lock (_lock)
            {
                return _local;
            }
        }
    }

    /// <summary>Answers the dialog's first offer (RFC 3264 §6) and remembers the codecs both sides support.</summary>
    public OfferAnswerResult AnswerInitialOffer(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        lock (_lock)
        {
            OfferAnswerResult result = OfferAnswer.Answer(offer, _localRtpPort, _options, _version);
            if (result is { Success: true, Answer: { } answer, Audio: { } audio })
            {
                Establish(answer, audio, CommonCodecs(offer.Media[audio.MediaIndex], otherSide: null));
            }

            return result;
        }
    }

    /// <summary>
    /// Our offer: for the first exchange (an INVITE without SDP) every preferred codec; for a re-INVITE without SDP (RFC 3261
    /// §14.2) the current codec first and then the rest of the negotiated set, sendrecv, with fresh SRTP keys on a secure call.
    /// The answer comes to <see cref="ApplyAnswer"/>.
    /// </summary>
    public SessionDescription CreateOffer(bool secure)
    {
        lock (_lock)
        {
            NegotiationOptions options = _established ? _options with { Preference = ReOfferPreference() } : _options;
            NegotiatedAudio? current = _established ? _audio ?? _lastAudio : null;
            bool dtls = current?.Dtls is not null && _options.DtlsFingerprint is not null;
            SessionDescription offer = OfferAnswer.CreateOffer(_localRtpPort, options, !dtls && (_established ? _secure : secure), _version);
            if (dtls)
            {
                MakeDtlsReOffer(offer.Media[0], current!);
            }

            _pendingOffer = offer;
            if (!_established)
            {
                _secure = secure;
            }

            return offer;
        }
    }

    /// <summary>Reads the peer's answer to our last <see cref="CreateOffer"/> (RFC 3264 §7; for a re-offer §8).</summary>
    public RenegotiationResult ApplyAnswer(SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_lock)
        {
            SessionDescription? offer = _pendingOffer;
            if (offer is null)
            {
                return RenegotiationResult.Rejected("No offer is pending");
            }

            _pendingOffer = null;
            if (_established && !HasEnabledAudio(answer))
            {
                _local = offer;
                return Disable(answer);
            }

            NegotiationOptions options = _established ? _options with { Preference = ReOfferPreference() } : _options;
            OfferAnswerResult result = OfferAnswer.ApplyAnswer(offer, answer, options);
            if (result is not { Success: true, Audio: { } audio })
            {
                return RenegotiationResult.Rejected(result.FailureReason ?? "Unusable answer");
            }

            if (!_established)
            {
                Establish(offer, audio, CommonCodecs(answer.Media[audio.MediaIndex], otherSide: offer.Media[audio.MediaIndex]));
                return RenegotiationResult.Accepted(answer, audio, MediaChanges.None);
            }

            if (DtlsChange((_audio ?? _lastAudio)!, audio) is { } refusedDtls)
            {
                return RenegotiationResult.Rejected(refusedDtls);
            }

            _local = offer;
            return Commit(answer, KeepAddressOnHold(audio));
        }
    }

    /// <summary>
    /// Answers a new offer inside the dialog (RFC 3264 §8). The current codec stays when it is still offered; otherwise the
    /// first of the initially negotiated set. Our SRTP key stays while the suite stays (RFC 4568 §7.1.4). An offer whose
    /// audio lines all have port 0 is answered with port 0 on every line and disables the stream (§8.2).
    /// </summary>
    public RenegotiationResult AnswerReOffer(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        lock (_lock)
        {
            if (!_established)
            {
                return RenegotiationResult.Rejected("No session to modify");
            }

            if (!HasEnabledAudio(offer))
            {
                SessionDescription refused = SdpBuilder.NewSession(_options, ProbeVersion());
                foreach (MediaDescription media in offer.Media)
                {
                    refused.Media.Add(SdpBuilder.Rejected(media));
                }

                Stamp(refused);
                _local = refused;
                return Disable(refused);
            }

            NegotiationOptions options = _options with { Preference = ReOfferPreference() };
            SdesCrypto? ourKey = (_audio ?? _lastAudio)?.LocalCrypto;
            OfferAnswerResult result = OfferAnswer.Answer(offer, _localRtpPort, options, ProbeVersion(), ourKey);
            if (result is not { Success: true, Answer: { } answer, Audio: { } audio })
            {
                return RenegotiationResult.Rejected(result.FailureReason ?? "No acceptable media");
            }

            if (audio.IsSecure != _secure)
            {
                return RenegotiationResult.Rejected(_secure ? "Secure media cannot be turned off" : "Secure media cannot be turned on mid-call");
            }

            if (DtlsChange((_audio ?? _lastAudio)!, audio) is { } refusedDtls)
            {
                return RenegotiationResult.Rejected(refusedDtls);
            }

            Stamp(answer);
            _local = answer;
            return Commit(answer, KeepAddressOnHold(audio));
        }
    }

    /// <summary>
    /// RFC 5763 §5 and RFC 8842 §5.5 inside one dialog: the same fingerprints and roles keep the DTLS association (and its
    /// keys); anything else would need a new association, which this bridge refuses (488), as it refuses a switch between
    /// SDES and DTLS keying. Null when the exchange may go on.
    /// </summary>
    private static string? DtlsChange(NegotiatedAudio before, NegotiatedAudio after)
    {
        if ((before.Dtls is null) != (after.Dtls is null))
        {
            return "The SRTP keying (SDES or DTLS-SRTP) cannot change mid-call";
        }

        if (before.Dtls is not { } was || after.Dtls is not { } now)
        {
            return null;
        }

        if (was.LocalSetup != now.LocalSetup)
        {
            return "A DTLS role change mid-call is not supported (a=setup)";
        }

        bool same = was.RemoteFingerprints.Count == now.RemoteFingerprints.Count
            && was.RemoteFingerprints.All(f => now.RemoteFingerprints.Contains(f));
        return same ? null : "A changed DTLS fingerprint mid-call is not supported (a new DTLS association would be needed)";
    }

    /// <summary>
    /// A re-offer on a DTLS-SRTP call (RFC 8842 §5.5): the call's protocol, the role we already hold and our fingerprint,
    /// so the answerer keeps the association; no a=crypto.
    /// </summary>
    private void MakeDtlsReOffer(MediaDescription media, NegotiatedAudio current)
    {
        media.Protocol = current.Protocol;
        media.AddAttribute("setup", current.Dtls!.LocalSetup.ToAttributeValue());
        media.AddAttribute("fingerprint", _options.DtlsFingerprint!.ToAttributeValue());
    }

    private static bool HasEnabledAudio(SessionDescription description)
    {
        foreach (MediaDescription media in description.Media)
        {
            if (media.Port != 0 && string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameKey(SdesCrypto? a, SdesCrypto? b) =>
        a is null || b is null
            ? a is null && b is null
            : string.Equals(a.Suite, b.Suite, StringComparison.Ordinal) && a.MasterKey.AsSpan().SequenceEqual(b.MasterKey) && a.MasterSalt.AsSpan().SequenceEqual(b.MasterSalt);

    private static MediaChanges Compare(NegotiatedAudio before, NegotiatedAudio after)
    {
        MediaChanges changes = MediaChanges.None;
        if (before.Direction != after.Direction)
        {
            changes |= MediaChanges.Direction;
        }

        if (!before.RemoteRtp.Equals(after.RemoteRtp) || !Equals(before.RemoteRtcp, after.RemoteRtcp) || before.RtcpMux != after.RtcpMux)
        {
            changes |= MediaChanges.RemoteAddress;
        }

        if (!before.Codec.Equals(after.Codec) || before.PayloadType != after.PayloadType)
        {
            changes |= MediaChanges.Codec;
        }

        if (before.TelephoneEventPayloadType != after.TelephoneEventPayloadType)
        {
            changes |= MediaChanges.TelephoneEvent;
        }

        if (!SameKey(before.RemoteCrypto, after.RemoteCrypto))
        {
            changes |= MediaChanges.RemoteKey;
        }

        if (!SameKey(before.LocalCrypto, after.LocalCrypto))
        {
            changes |= MediaChanges.LocalKey;
        }

        return changes;
    }

    private void Establish(SessionDescription local, NegotiatedAudio audio, List<CodecSpec> codecs)
    {
        _local = local;
        _audio = audio;
        _lastAudio = audio;
        _codecs = codecs;
        _secure = audio.IsSecure;
        _established = true;
    }

    private RenegotiationResult Commit(SessionDescription description, NegotiatedAudio audio)
    {
        NegotiatedAudio previous = (_audio ?? _lastAudio)!;
        MediaChanges changes = _audio is null ? MediaChanges.Enabled | Compare(previous, audio) : Compare(previous, audio);
        _audio = audio;
        _lastAudio = audio;
        return RenegotiationResult.Accepted(description, audio, changes);
    }

    private RenegotiationResult Disable(SessionDescription description)
    {
        MediaChanges changes = _audio is null ? MediaChanges.None : MediaChanges.Disabled;
        _audio = null;
        return RenegotiationResult.Accepted(description, null, changes);
    }

    /// <summary>RFC 3264 §8.4: c=0.0.0.0 says "do not send"; the address to resume to is the one we had.</summary>
    private NegotiatedAudio KeepAddressOnHold(NegotiatedAudio audio)
    {
        NegotiatedAudio? previous = _audio ?? _lastAudio;
        bool holdAddress = audio.RemoteRtp.Address.Equals(IPAddress.Any) || audio.RemoteRtp.Address.Equals(IPAddress.IPv6Any);
        return holdAddress && previous is not null ? audio with { RemoteRtp = previous.RemoteRtp, RemoteRtcp = previous.RemoteRtcp } : audio;
    }

    /// <summary>A counter one past the current version, so an answer can be built without committing a new version.</summary>
    private SdpSessionVersion ProbeVersion() => new(_version.SessionId, _version.Current);

    /// <summary>Same description as last time → same version; otherwise the next one (RFC 3264 §8).</summary>
    private void Stamp(SessionDescription description)
    {
        if (_local is { } previous)
        {
            SdpOrigin candidate = description.Origin;
            description.Origin = previous.Origin;
            if (string.Equals(description.ToString(), previous.ToString(), StringComparison.Ordinal))
            {
                return;
            }

            description.Origin = candidate;
        }

        _version.Next();
    }

    /// <summary>The current codec first (no needless switch), then the rest of the initially negotiated set.</summary>
    private List<CodecSpec> ReOfferPreference()
    {
        var preference = new List<CodecSpec>(_codecs.Count + 1);
        if ((_audio ?? _lastAudio)?.Codec is { } current)
        {
            preference.Add(current);
        }

        foreach (CodecSpec codec in _codecs)
        {
            if (!preference.Contains(codec))
            {
                preference.Add(codec);
            }
        }

        return preference;
    }

    private List<CodecSpec> CommonCodecs(MediaDescription media, MediaDescription? otherSide)
    {
        List<SdpRtpMap> formats = AudioMediaReader.ResolveFormats(media, otherSide);
        var common = new List<CodecSpec>();
        foreach (CodecSpec codec in _options.Preference)
        {
            if (codec.IsTelephoneEvent)
            {
                continue;
            }

            foreach (SdpRtpMap format in formats)
            {
                if (codec.Matches(format))
                {
                    common.Add(codec);
                    break;
                }
            }
        }

        return common;
    }
}
