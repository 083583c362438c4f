using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp;

/// <summary>
/// SDP offer/answer for one audio stream (RFC 3264) with SDES-SRTP keys (RFC 4568). Video, second audio lines and
/// unsupported transports are refused with port 0; the call leg receives a <see cref="NegotiatedAudio"/>.
/// </summary>
public static class OfferAnswer
{
    /// <summary>Answers with a fresh session id; use the overload with <see cref="SdpSessionVersion"/> inside a dialog.</summary>
    public static OfferAnswerResult Answer(SessionDescription offer, int localRtpPort, NegotiationOptions options) =>
        Answer(offer, localRtpPort, options, new SdpSessionVersion());

    /// <summary>
    /// Answers an offer (RFC 3264 §6). The first acceptable audio line is accepted (with <see cref="SrtpPolicy.Optional"/>
    /// the first secure one when there is one); every other line is answered with port 0. Fails with 488 when no audio
    /// line is acceptable: no common codec, no acceptable crypto, or SRTP required but not offered.
    /// </summary>
    /// <param name="offer">The peer's offer.</param>
    /// <param name="localRtpPort">Our RTP port (RTCP on the next port unless multiplexed).</param>
    /// <param name="options">Codecs and policy.</param>
    /// <param name="version">The dialog's o= id and version counter.</param>
    /// <param name="previousLocalCrypto">
    /// Our key from the last answer of this dialog. When a re-offer (session refresh, hold) selects the same suite, the key is
    /// kept (RFC 4568 §7.1.4 allows it) so the SRTP context survives; otherwise a fresh key is made.
    /// </param>
    public static OfferAnswerResult Answer(SessionDescription offer, int localRtpPort, NegotiationOptions options, SdpSessionVersion version, SdesCrypto? previousLocalCrypto = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(localRtpPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localRtpPort, 65535);

        AudioChoice? chosen = null;
        string? firstFailure = null;
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription media = offer.Media[i];
            if (!string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase) || media.Port == 0)
            {
                continue;
            }

            string? failure = EvaluateOffered(offer, i, options, out AudioChoice? candidate);
            if (candidate is null)
            {
                firstFailure ??= failure;
                continue;
            }

            bool better = chosen is null || (options.Srtp == SrtpPolicy.Optional && !chosen.IsSecure && candidate.IsSecure);
            if (better)
            {
                chosen = candidate;
            }
        }

        if (chosen is null)
        {
            return OfferAnswerResult.Rejected(firstFailure ?? "No audio stream offered");
        }

        MediaDescription accepted = offer.Media[chosen.MediaIndex];
        SdesCrypto? localCrypto = chosen.PeerCrypto switch
        {
            null => null,
            SdesCrypto peer when previousLocalCrypto is not null && string.Equals(previousLocalCrypto.Suite, peer.Suite, StringComparison.Ordinal) =>
                new SdesCrypto(peer.Tag, peer.Suite, previousLocalCrypto.MasterKey, previousLocalCrypto.MasterSalt),
            SdesCrypto peer => SdesCrypto.Generate(peer.Tag, peer.Suite),
        };
        MediaDirection direction = chosen.PeerDirection.Answer(options.Direction);
        SessionDescription answer = SdpBuilder.NewSession(options, version);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            answer.Media.Add(i == chosen.MediaIndex
                ? SdpBuilder.AcceptedAudio(accepted, chosen, localRtpPort, direction, localCrypto, options)
                : SdpBuilder.Rejected(offer.Media[i]));
        }

        var audio = new NegotiatedAudio(
            chosen.RemoteRtp,
            chosen.RemoteRtcp,
            chosen.RtcpMux,
            chosen.Codec,
            chosen.PayloadType,
            chosen.TelephoneEventPayloadType,
            chosen.PacketTimeMs,
            direction,
            chosen.PeerCrypto,
            localCrypto)
        {
            TelephoneEventClockRate = chosen.TelephoneEventClockRate,
            RemoteFormatParameters = accepted.GetFormatParameters(chosen.PayloadType),
            Protocol = accepted.Protocol,
            MediaIndex = chosen.MediaIndex,
            Dtls = chosen.Dtls,
        };
        return OfferAnswerResult.Accepted(answer, audio);
    }

    /// <summary>An offer with a fresh session id; use the overload with <see cref="SdpSessionVersion"/> inside a dialog.</summary>
    public static SessionDescription CreateOffer(int localRtpPort, NegotiationOptions options, bool secure) =>
        CreateOffer(localRtpPort, options, secure, new SdpSessionVersion());

    /// <summary>
    /// Our offer (RFC 3264 §5): one audio line, RTP/SAVP with one a=crypto per suite when <paramref name="secure"/>,
    /// else RTP/AVP; every preferred codec, telephone-event, a=ptime, a=rtcp-mux and our direction. Suites this
    /// library does not know are left out.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="secure"/> with no known suite in the options.</exception>
    public static SessionDescription CreateOffer(int localRtpPort, NegotiationOptions options, bool secure, SdpSessionVersion version)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(localRtpPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localRtpPort, 65535);
        if (secure && !options.SrtpSuites.Any(suite => SrtpSuite.TryGetKeyLengths(suite, out _, out _)))
        {
            throw new ArgumentException("A secure offer needs at least one known SRTP suite.", nameof(options));
        }

        SessionDescription offer = SdpBuilder.NewSession(options, version);
        offer.Media.Add(SdpBuilder.OfferedAudio(localRtpPort, options, secure));
        return offer;
    }

    /// <summary>
    /// Reads the answer to our offer (UAC side, RFC 3264 §7). The first audio line accepted by both is used; the answer's
    /// crypto must repeat the tag and suite of one of our lines (RFC 4568 §7.1.2). Fails with 488 when the answer is not usable.
    /// </summary>
    public static OfferAnswerResult ApplyAnswer(SessionDescription offer, SessionDescription answer, NegotiationOptions options)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(options);
        if (answer.Media.Count != offer.Media.Count)
        {
            return OfferAnswerResult.Rejected("Answer has a different number of media lines");
        }

        string? firstFailure = null;
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription ours = offer.Media[i];
            MediaDescription theirs = answer.Media[i];
            if (!string.Equals(ours.Media, "audio", StringComparison.OrdinalIgnoreCase) || ours.Port == 0 || theirs.Port == 0)
            {
                continue;
            }

            string? failure = EvaluateAnswered(offer, answer, i, options, out NegotiatedAudio? audio);
            if (audio is not null)
            {
                return OfferAnswerResult.Accepted(answer, audio);
            }

            firstFailure ??= failure;
        }

        return OfferAnswerResult.Rejected(firstFailure ?? "Audio stream refused by the answer");
    }

    private static string? EvaluateOffered(SessionDescription offer, int index, NegotiationOptions options, out AudioChoice? choice)
    {
        choice = null;
        MediaDescription media = offer.Media[index];
        bool dtls = SdpProtocol.IsDtlsSrtp(media.Protocol);
        if (!dtls && !SdpProtocol.IsRtpWithSdesOrPlain(media.Protocol))
        {
            return SdpProtocol.IsDtls(media.Protocol) ? "DTLS-SRTP is not supported here" : "Unsupported media transport";
        }

        DtlsSrtpOffer? dtlsOffer = null;
        if (dtls)
        {
            string? dtlsFailure = ReadDtlsOffer(offer, media, options, out dtlsOffer);
            if (dtlsOffer is null)
            {
                return dtlsFailure;
            }
        }

        bool secureProfile = SdpProtocol.IsSdesSecure(media.Protocol);
        SdesCrypto? crypto = null;
        if (options.Srtp != SrtpPolicy.Disabled && !dtls)
        {
            // RFC 4568 §7.1.1: the answerer picks one offered line, the first we support.
            foreach (SdesCrypto offered in media.GetCryptos())
            {
                if (AudioMediaReader.IsAcceptable(offered, options.SrtpSuites))
                {
                    crypto = offered;
                    break;
                }
            }
        }

        if (secureProfile && options.Srtp == SrtpPolicy.Disabled)
        {
            return "Secure media not supported";
        }

        if (secureProfile && crypto is null)
        {
            return "No acceptable crypto suite";
        }

        if (options.Srtp == SrtpPolicy.Required && crypto is null && dtlsOffer is null)
        {
            return media.HasCryptoAttributes ? "No acceptable crypto suite" : "Secure media required";
        }

        List<SdpRtpMap> formats = AudioMediaReader.ResolveFormats(media, otherSide: null);
        if (!AudioMediaReader.TryPickCodec(formats, options.Preference, byPreference: true, out CodecSpec? codec, out SdpRtpMap? rtpMap))
        {
            return "No common codec";
        }

        bool rtcpMux = options.RtcpMux && media.RtcpMux;
        string? endpointFailure = AudioMediaReader.TryGetEndpoints(offer, media, rtcpMux, out IPEndPoint? rtp, out IPEndPoint? rtcp, out bool hold);
        if (rtp is null)
        {
            return endpointFailure;
        }

        (int? tePt, int teRate, string? teFmtp) = options.TelephoneEvents ? AudioMediaReader.PickTelephoneEvent(media, formats, codec.ClockRate) : (null, 0, null);
        MediaDirection peer = offer.GetEffectiveDirection(media);
        if (hold)
        {
            // RFC 3264 §8.4: c=0.0.0.0 means the offerer does not want to receive.
            peer = MediaDirectionExtensions.FromCapabilities(peer.Sends(), receives: false);
        }

        choice = new AudioChoice(index, codec, rtpMap.PayloadType, rtpMap, tePt, teRate, teFmtp, rtp, rtcp, rtcpMux, AudioMediaReader.SendPacketTime(media), peer, crypto)
        {
            Dtls = dtlsOffer,
        };
        return null;
    }

    /// <summary>
    /// The DTLS-SRTP values of an offered <c>UDP/TLS/RTP/SAVP(F)</c> line (RFC 5763 §5): refused when we have no
    /// certificate, when the policy is plain RTP only, or when the line has no usable fingerprint or setup.
    /// </summary>
    private static string? ReadDtlsOffer(SessionDescription offer, MediaDescription media, NegotiationOptions options, out DtlsSrtpOffer? dtls)
    {
        dtls = null;
        if (options.DtlsFingerprint is null)
        {
            return "DTLS-SRTP is not supported here";
        }

        if (options.Srtp == SrtpPolicy.Disabled)
        {
            return "Secure media not supported";
        }

        return DtlsSrtpSdp.TryReadOffer(offer, media, out dtls, out string? reason) ? null : "DTLS-SRTP offer refused: " + reason;
    }

    private static string? EvaluateAnswered(SessionDescription offer, SessionDescription answer, int index, NegotiationOptions options, out NegotiatedAudio? audio)
    {
        audio = null;
        MediaDescription ours = offer.Media[index];
        MediaDescription theirs = answer.Media[index];
        if (!string.Equals(ours.Protocol, theirs.Protocol, StringComparison.OrdinalIgnoreCase))
        {
            return "Answer changed the media transport";
        }

        SdesCrypto? local = null;
        SdesCrypto? remote = null;
        IReadOnlyList<SdesCrypto> offeredKeys = ours.GetCryptos();
        if (offeredKeys.Count > 0)
        {
            foreach (SdesCrypto answered in theirs.GetCryptos())
            {
                foreach (SdesCrypto offered in offeredKeys)
                {
                    if (offered.Tag == answered.Tag && string.Equals(offered.Suite, answered.Suite, StringComparison.Ordinal) && answered.MkiLength == 0)
                    {
                        (local, remote) = (offered, answered);
                        break;
                    }
                }

                if (local is not null)
                {
                    break;
                }
            }

            bool mustBeSecure = SdpProtocol.IsSdesSecure(ours.Protocol) || options.Srtp == SrtpPolicy.Required;
            if (local is null && mustBeSecure)
            {
                return theirs.HasCryptoAttributes ? "Answer crypto does not match the offer" : "Answer has no crypto";
            }
        }

        DtlsSrtpOffer? dtls = null;
        if (SdpProtocol.IsDtlsSrtp(ours.Protocol))
        {
            // RFC 5763 §5: the answer names the answerer's certificate and role; our role is the one we offered.
            if (!SdpFingerprint.TryGetEffective(answer, theirs, out IReadOnlyList<SdpFingerprint> fingerprints, out string? reason)
                || !SdpSetup.TryGetOffered(answer, theirs, out SdpSetupRole theirRole, out reason)
                || !SdpSetup.TryGetOffered(offer, ours, out SdpSetupRole ourRole, out reason))
            {
                return "Unusable DTLS-SRTP answer: " + reason;
            }

            dtls = new DtlsSrtpOffer { RemoteFingerprints = fingerprints, OfferedSetup = theirRole, LocalSetup = ourRole, RtcpMux = theirs.RtcpMux };
        }

        List<SdpRtpMap> formats = AudioMediaReader.ResolveFormats(theirs, otherSide: ours);
        if (!AudioMediaReader.TryPickCodec(formats, options.Preference, byPreference: false, out CodecSpec? codec, out SdpRtpMap? rtpMap)
            || !ours.Formats.Contains(rtpMap.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            return "No common codec in answer";
        }

        bool rtcpMux = ours.RtcpMux && theirs.RtcpMux;
        string? endpointFailure = AudioMediaReader.TryGetEndpoints(answer, theirs, rtcpMux, out IPEndPoint? rtp, out IPEndPoint? rtcp, out bool hold);
        if (rtp is null)
        {
            return endpointFailure;
        }

        (int? tePt, int teRate, _) = options.TelephoneEvents ? AudioMediaReader.PickTelephoneEvent(theirs, formats, codec.ClockRate) : (null, 0, null);
        MediaDirection answerDirection = answer.GetEffectiveDirection(theirs);
        MediaDirection offeredDirection = offer.GetEffectiveDirection(ours);
        bool weSend = offeredDirection.Sends() && answerDirection.Receives() && !hold;
        bool weReceive = offeredDirection.Receives() && answerDirection.Sends();
        audio = new NegotiatedAudio(
            rtp,
            rtcp,
            rtcpMux,
            codec,
            rtpMap.PayloadType,
            tePt,
            AudioMediaReader.SendPacketTime(theirs),
            MediaDirectionExtensions.FromCapabilities(weSend, weReceive),
            remote,
            local)
        {
            TelephoneEventClockRate = teRate,
            RemoteFormatParameters = theirs.GetFormatParameters(rtpMap.PayloadType),
            Protocol = ours.Protocol,
            MediaIndex = index,
            Dtls = dtls,
        };
        return null;
    }
}
