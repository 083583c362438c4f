using System.Globalization;
using System.Net;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// Answers a browser's offer for a bridge participant (RFC 8829 §5.3.1 "Initial Answers"): accepts the first audio
/// m-line with opus/48000/2, with <see cref="WebRtcLocalParameters.AcceptVideo"/> the video m-lines of its BUNDLE group
/// (<see cref="WebRtcVideoAnswerBuilder"/>), and rejects every other m-line with port 0, keeping its mid.
/// </summary>
/// <remarks>
/// The accepted m-line carries: Opus at the offer's payload type with <c>minptime=10;useinbandfec=1</c>
/// (RFC 7587 §7), telephone-event/48000 when offered (RFC 4733), the direction that complements the offer's
/// (RFC 3264 §6.1), the offer's mid, <c>a=rtcp-mux</c> (RFC 5761 §5.1.1), <c>a=setup</c> per
/// <see cref="SdpSetup.TryAnswer"/> and our fingerprint (RFC 5763 §5), our ICE values with
/// <c>a=end-of-candidates</c> and session-level <c>a=ice-lite</c> (RFC 8839 §5), the RFC 6464 audio level
/// extension at the offer's id (RFC 8285 §7: the answer uses the offer's id) and no other extension,
/// <c>a=msid</c> (RFC 8830 §2) and <c>a=ssrc cname</c> (RFC 5576) when we send, and <c>a=group:BUNDLE</c>
/// with only the accepted mid (RFC 8843 §7.3.1).
/// <para>
/// No <c>a=rtcp-fb</c> is answered. transport-cc would oblige us to send transport-wide feedback for every
/// packet and to honour the browser's bandwidth estimation; nack would oblige a retransmission buffer; goog-remb
/// is video-only. Opus at a fixed bitrate with in-band FEC needs none of them, and RFC 4585 §4.2 lets an answerer
/// drop any feedback type it does not implement. <c>a=rtcp-rsize</c> is not answered either (RTCP stays compound,
/// RFC 5506 §5), nor <c>a=extmap-allow-mixed</c> (we write one-byte header extensions only).
/// </para>
/// </remarks>
public static class WebRtcAnswerBuilder
{
    private const string OpusAnswerFmtp = "minptime=10;useinbandfec=1";

    /// <summary>Reads, validates and answers a parsed offer.</summary>
    public static WebRtcAnswerResult CreateAnswer(SessionDescription offer, WebRtcLocalParameters local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return CreateAnswer(WebRtcOfferReader.Read(offer), local);
    }

    /// <summary>Validates and answers an offer read by <see cref="WebRtcOfferReader"/>.</summary>
    public static WebRtcAnswerResult CreateAnswer(WebRtcOffer offer, WebRtcLocalParameters local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentOutOfRangeException.ThrowIfLessThan(local.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(local.Port, 65535);
        if (!offer.TryValidate(out string? invalid))
        {
            return WebRtcAnswerResult.Failed(WebRtcAnswerStatus.InvalidOffer, invalid);
        }

        WebRtcMediaOffer? audio = null;
        WebRtcPayload? opus = null;
        foreach (WebRtcMediaOffer media in offer.Media)
        {
            if (!media.IsDisabledByOfferer && string.Equals(media.Kind, "audio", StringComparison.OrdinalIgnoreCase)
                && media.Payloads.FirstOrDefault(p => p.Is("opus", 48000, 2)) is WebRtcPayload found)
            {
                audio = media;
                opus = found;
                break;
            }
        }

        if (audio is null || opus is null)
        {
            return WebRtcAnswerResult.Failed(WebRtcAnswerStatus.NoCommonCodec, "no common codec: no audio m-line offers opus/48000/2 (RFC 7587), the only codec this bridge takes from browsers");
        }

        if (!SdpSetup.TryAnswer(audio.Setup ?? SdpSetupRole.Active, out SdpSetupRole setup, out string? refused))
        {
            return WebRtcAnswerResult.Failed(WebRtcAnswerStatus.Refused, refused);
        }

        if (!audio.RtcpMux)
        {
            return WebRtcAnswerResult.Failed(WebRtcAnswerStatus.Refused, "the audio m-line has no a=rtcp-mux: this bridge sends RTP and RTCP on one port only (RFC 5761, RFC 8829 §4.1.1 rtcp-mux-policy require)");
        }

        WebRtcPayload? telephoneEvent = audio.Payloads.FirstOrDefault(p => p.Is("telephone-event", 48000));
        SdpExtmap? level = audio.FindExtmap(SdpExtmap.AudioLevelUri);
        if (level is not null && level.Id > 14)
        {
            level = null; // RFC 8285 §4.2: ids 15+ need two-byte headers, which we do not write.
        }

        MediaDirection direction = audio.Direction.Answer(MediaDirection.SendRecv);
        bool bundled = offer.FindBundleGroup(audio.Mid) is not null;

        var answer = new SessionDescription
        {
            Origin = SdpOrigin.Create("-", local.SessionId ?? new SdpSessionVersion().SessionId, 1, local.Address),
            SessionName = "-",
            Timings = { SdpTiming.Permanent },
        };
        answer.Attributes.Add(new SdpAttribute("ice-lite"));
        var video = new List<WebRtcNegotiatedVideo>();
        var bundle = "BUNDLE " + audio.Mid;
        int slots = 0;
        foreach (WebRtcMediaOffer media in offer.Media)
        {
            if (ReferenceEquals(media, audio))
            {
                answer.Media.Add(Accepted(audio, opus, telephoneEvent, level, setup, direction, local));
            }
            else if (bundled && TryAcceptVideo(offer, audio, media, setup, local, ref slots) is { } accepted)
            {
                answer.Media.Add(accepted.Media);
                video.Add(accepted.Negotiated);
                bundle += " " + media.Mid;
            }
            else
            {
                answer.Media.Add(Rejected(media));
            }
        }

        if (bundled)
        {
            answer.Attributes.Insert(1, new SdpAttribute("group", bundle));
        }

        var negotiated = new WebRtcNegotiatedAudio
        {
            MediaIndex = audio.Index,
            Mid = audio.Mid,
            OpusPayloadType = opus.PayloadType,
            RemoteOpusFormatParameters = opus.FormatParameters,
            TelephoneEventPayloadType = telephoneEvent?.PayloadType,
            AudioLevelExtensionId = level?.Id,
            RemoteIceUfrag = audio.IceUfrag!,
            RemoteIcePwd = audio.IcePwd!,
            RemoteCandidates = audio.Candidates,
            RemoteFingerprints = audio.Fingerprints,
            LocalSetup = setup,
            Direction = direction,
            RemoteSsrc = audio.Ssrcs.Count > 0 ? audio.Ssrcs[0].Ssrc : null,
            RemoteMsid = audio.Msid,
            RemoteOfferedRtcpRsize = audio.RtcpRsize,
            Video = video,
        };
        return WebRtcAnswerResult.Accepted(answer, negotiated);
    }

    private static MediaDescription Accepted(
        WebRtcMediaOffer audio, WebRtcPayload opus, WebRtcPayload? telephoneEvent, SdpExtmap? level, SdpSetupRole setup, MediaDirection direction, WebRtcLocalParameters local)
    {
        var media = new MediaDescription
        {
            Media = audio.Kind,
            Port = local.Port,
            Protocol = audio.Protocol,
            Connection = SdpConnection.Create(local.Address),
        };
        media.Formats.Add(Number(opus.PayloadType));
        if (telephoneEvent is not null)
        {
            media.Formats.Add(Number(telephoneEvent.PayloadType));
        }

        if (audio.Mid is not null)
        {
            media.AddAttribute("mid", audio.Mid);
        }

        media.AddAttribute("ice-ufrag", local.IceUfrag);
        media.AddAttribute("ice-pwd", local.IcePwd);
        media.AddAttribute("fingerprint", local.Fingerprint.ToAttributeValue());
        media.AddAttribute("setup", setup.ToAttributeValue());
        foreach (string candidate in local.Candidates)
        {
            media.AddAttribute("candidate", candidate.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase) ? candidate[10..] : candidate);
        }

        media.AddAttribute("end-of-candidates");
        if (level is not null)
        {
            // RFC 8285 §8: a direction on the offer's extmap is answered with its complement.
            media.AddAttribute("extmap", new SdpExtmap(level.Id, level.Uri, level.Direction?.Answer(MediaDirection.SendRecv)).ToString());
        }

        media.Direction = direction;
        if (direction.Sends())
        {
            media.AddAttribute("msid", local.StreamId + " " + local.TrackId);
        }

        media.AddAttribute("rtcp-mux");
        media.AddAttribute("rtpmap", new SdpRtpMap(opus.PayloadType, "opus", 48000, 2).ToString());
        media.AddAttribute("fmtp", Number(opus.PayloadType) + " " + OpusAnswerFmtp);
        if (telephoneEvent is not null)
        {
            media.AddAttribute("rtpmap", new SdpRtpMap(telephoneEvent.PayloadType, "telephone-event", 48000).ToString());
            media.AddAttribute("fmtp", Number(telephoneEvent.PayloadType) + " 0-15");
        }

        if (direction.Sends())
        {
            media.AddAttribute("ssrc", local.Ssrc.ToString(CultureInfo.InvariantCulture) + " cname:" + local.Cname);
        }

        return media;
    }

    /// <summary>
    /// A video m-line in the audio's BUNDLE group, with rtcp-mux and a codec we forward, when <see cref="WebRtcLocalParameters.AcceptVideo"/>
    /// (see <see cref="WebRtcVideoAnswerBuilder"/>); null rejects it. A slot needs one of <see cref="WebRtcLocalParameters.VideoSsrcs"/>.
    /// </summary>
    private static (MediaDescription Media, WebRtcNegotiatedVideo Negotiated)? TryAcceptVideo(
        WebRtcOffer offer, WebRtcMediaOffer audio, WebRtcMediaOffer media, SdpSetupRole setup, WebRtcLocalParameters local, ref int slots)
    {
        if (!local.AcceptVideo || media.IsDisabledByOfferer || media.Mid is null || !media.RtcpMux
            || !string.Equals(media.Kind, "video", StringComparison.OrdinalIgnoreCase)
            || !ReferenceEquals(offer.FindBundleGroup(media.Mid), offer.FindBundleGroup(audio.Mid)))
        {
            return null;
        }

        List<WebRtcVideoPayload> codecs = WebRtcVideoAnswerBuilder.ChooseCodecs(media);
        if (codecs.Count == 0)
        {
            return null;
        }

        WebRtcVideoRole role = WebRtcVideoAnswerBuilder.RoleOf(media.Direction);
        uint? ssrc = null;
        if (role == WebRtcVideoRole.Send)
        {
            if (slots >= local.VideoSsrcs.Count)
            {
                return null;
            }

            ssrc = local.VideoSsrcs[slots++];
        }

        return WebRtcVideoAnswerBuilder.Accept(media, codecs, role, ssrc, setup, local);
    }

    /// <summary>
    /// A rejected m-line (RFC 8829 §5.3.1, RFC 3264 §6): port 0, the offer's media and proto, one of its formats,
    /// <c>c=IN IP4 0.0.0.0</c> and the mid, nothing else (no bundle-only, RFC 8843 §7.3.3).
    /// </summary>
    private static MediaDescription Rejected(WebRtcMediaOffer offered)
    {
        var media = new MediaDescription
        {
            Media = offered.Kind,
            Port = 0,
            Protocol = offered.Protocol,
            Connection = SdpConnection.Create(IPAddress.Any),
        };
        media.Formats.Add(offered.Description.Formats.Count > 0 ? offered.Description.Formats[0] : "0");
        if (offered.Mid is not null)
        {
            media.AddAttribute("mid", offered.Mid);
        }

        return media;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
