using System.Globalization;

namespace Bridge.Sdp;

/// <summary>Writes our offers and answers (RFC 3264 §5 and §6).</summary>
internal static class SdpBuilder
{
    /// <summary>Session-level lines: o= with the dialog's id and next version, s=, c= with our media address, t=0 0.</summary>
    /// <remarks>Configured names are cleaned so they cannot break a line: the o= username is one token (RFC 4566 §5.2).</remarks>
    public static SessionDescription NewSession(NegotiationOptions options, SdpSessionVersion version) => new()
    {
        Origin = SdpOrigin.Create(Token(options.OriginUsername), version.SessionId, version.Next(), options.MediaAddress),
        SessionName = Text(options.SessionName),
        Connection = SdpConnection.Create(options.MediaAddress),
        Timings = { SdpTiming.Permanent },
    };

    /// <summary>A refused stream: port 0, the offered media, protocol and formats (RFC 3264 §6).</summary>
    public static MediaDescription Rejected(MediaDescription offered)
    {
        var media = new MediaDescription { Media = offered.Media, Port = 0, Protocol = offered.Protocol };
        foreach (string format in offered.Formats)
        {
            media.Formats.Add(format);
        }

        if (media.Formats.Count == 0)
        {
            media.Formats.Add(SdpProtocol.IsRtpWithSdesOrPlain(offered.Protocol) || SdpProtocol.IsDtlsSrtp(offered.Protocol) ? "0" : "*");
        }

        return media;
    }

    /// <summary>Our answer to the accepted audio line: one codec, telephone-event if offered, ptime, rtcp-mux, crypto, direction.</summary>
    public static MediaDescription AcceptedAudio(MediaDescription offered, AudioChoice choice, int localRtpPort, MediaDirection direction, SdesCrypto? localCrypto, NegotiationOptions options)
    {
        var media = new MediaDescription { Media = offered.Media, Port = localRtpPort, Protocol = offered.Protocol };
        media.Formats.Add(Format(choice.PayloadType));
        AddCodec(media, choice.Codec, choice.PayloadType);
        if (choice.TelephoneEventPayloadType is int te)
        {
            media.Formats.Add(Format(te));
            media.AddAttribute("rtpmap", new SdpRtpMap(te, "telephone-event", choice.TelephoneEventClockRate).ToString());
            string? events = TelephoneEventRanges.Intersect(choice.TelephoneEventFmtp, CodecSpec.TelephoneEvent.Fmtp) ?? "0-15";
            media.AddAttribute("fmtp", Format(te) + " " + events);
        }

        media.AddAttribute("ptime", Format(options.PacketTimeMs));
        if (choice.RtcpMux)
        {
            media.AddAttribute("rtcp-mux");
        }

        if (localCrypto is not null)
        {
            media.AddAttribute("crypto", localCrypto.ToAttributeValue());
        }

        if (choice.Dtls is { } dtls && options.DtlsFingerprint is { } fingerprint)
        {
            // RFC 5763 §5: our role and our certificate's fingerprint, at media level.
            WebRtc.DtlsSrtpSdp.AddAnswerAttributes(media, dtls, fingerprint);
        }

        media.Direction = direction;
        return media;
    }

    /// <summary>Our audio offer: every preferred codec, telephone-event per clock rate, ptime, rtcp-mux, one crypto per suite.</summary>
    public static MediaDescription OfferedAudio(int localRtpPort, NegotiationOptions options, bool secure)
    {
        var media = new MediaDescription { Media = "audio", Port = localRtpPort, Protocol = secure ? SdpProtocol.RtpSavp : SdpProtocol.RtpAvp };
        Span<bool> used = stackalloc bool[128];
        foreach (CodecSpec codec in options.Preference)
        {
            if (codec.StaticPayloadType is int pt && pt is >= 0 and < SdpPayloadType.FirstDynamic)
            {
                used[pt] = true;
            }
        }

        var telephoneEventRates = new List<int>(2);
        foreach (CodecSpec codec in options.Preference)
        {
            if (codec.IsTelephoneEvent)
            {
                continue;
            }

            int pt = codec.StaticPayloadType is int fixedPt && fixedPt is >= 0 and < SdpPayloadType.FirstDynamic ? fixedPt : NextFree(used, SdpPayloadType.FirstDynamic);
            if (pt < 0)
            {
                break;
            }

            used[pt] = true;
            media.Formats.Add(Format(pt));
            AddCodec(media, codec, pt);
            if (!telephoneEventRates.Contains(codec.ClockRate))
            {
                telephoneEventRates.Add(codec.ClockRate);
            }
        }

        if (options.TelephoneEvents)
        {
            // Many peers expect 101 for telephone-event/8000; other rates take the next free dynamic number.
            telephoneEventRates.Sort((a, b) => (a == 8000 ? 0 : 1).CompareTo(b == 8000 ? 0 : 1));
            foreach (int rate in telephoneEventRates)
            {
                int pt = rate == 8000 && !used[101] ? 101 : NextFree(used, SdpPayloadType.FirstDynamic);
                if (pt < 0)
                {
                    break;
                }

                used[pt] = true;
                media.Formats.Add(Format(pt));
                media.AddAttribute("rtpmap", new SdpRtpMap(pt, "telephone-event", rate).ToString());
                media.AddAttribute("fmtp", Format(pt) + " " + CodecSpec.TelephoneEvent.Fmtp);
            }
        }

        media.AddAttribute("ptime", Format(options.PacketTimeMs));
        if (options.RtcpMux)
        {
            media.AddAttribute("rtcp-mux");
        }

        if (secure)
        {
            int tag = 1;
            foreach (string suite in options.SrtpSuites)
            {
                if (SrtpSuite.TryGetKeyLengths(suite, out _, out _))
                {
                    media.AddAttribute("crypto", SdesCrypto.Generate(tag++, suite).ToAttributeValue());
                }
            }
        }

        media.Direction = options.Direction;
        return media;
    }

    private static void AddCodec(MediaDescription media, CodecSpec codec, int payloadType)
    {
        media.AddAttribute("rtpmap", codec.ToRtpMap(payloadType).ToString());
        if (!string.IsNullOrEmpty(codec.Fmtp))
        {
            media.AddAttribute("fmtp", Format(payloadType) + " " + codec.Fmtp);
        }
    }

    private static int NextFree(Span<bool> used, int from)
    {
        for (int pt = from; pt < used.Length; pt++)
        {
            if (!used[pt])
            {
                return pt;
            }
        }

        return -1;
    }

    private static string Token(string value)
    {
        string cleaned = Text(value).Replace(' ', '_');
        return cleaned.Length == 0 ? "-" : cleaned;
    }

    private static string Text(string value)
    {
        var text = new System.Text.StringBuilder(value.Length);
        foreach (char c in value)
        {
            text.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.ToString().Trim();
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
