using System.Globalization;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// Answers the video m-lines of a browser's offer for the bridge's forwarding unit (it never decodes video): each
/// accepted m-line is BUNDLEd with the audio (RFC 8843 §7.3.1), carries VP8 (RFC 7741) and, when offered, H.264 with
/// packetization-mode=1 (RFC 6184 §8.1; profile 42e01f preferred), and no header extension, RTX, RED or FEC.
/// </summary>
/// <remarks>
/// Scheme: a fixed number of slots, no renegotiation. The page offers its camera and its screen as two sendonly m-lines
/// (the first browser-sending m-line is the camera, the second the screen) and a fixed number of recvonly m-lines, the
/// slots. Each slot is answered sendonly with an SSRC of ours (<c>a=ssrc cname</c>, <c>a=msid</c>, RFC 5576, RFC 8830),
/// which stays the same whatever participant the bridge forwards into it; the signalling socket tells the page which
/// participant each slot's mid shows. RTCP feedback answered (RFC 4585 §4.2, a subset of what was offered):
/// <c>nack</c>, <c>nack pli</c>, <c>ccm fir</c> (RFC 5104 §7.1) and <c>goog-remb</c>; not <c>transport-cc</c>, which
/// would oblige the bridge to send transport-wide feedback for every packet it receives.
/// </remarks>
internal static class WebRtcVideoAnswerBuilder
{
    private static readonly string[] SupportedFeedback = ["nack", "nack pli", "ccm fir", "goog-remb"];

    /// <summary>The codecs of <paramref name="offered"/> the bridge forwards, VP8 first; empty when there is none.</summary>
    public static List<WebRtcVideoPayload> ChooseCodecs(WebRtcMediaOffer offered)
    {
        var chosen = new List<WebRtcVideoPayload>(2);
        if (offered.Payloads.FirstOrDefault(p => p.Is("VP8", 90000)) is { } vp8)
        {
            chosen.Add(new WebRtcVideoPayload(vp8.PayloadType, "VP8", null));
        }

        WebRtcPayload? h264 = null;
        foreach (WebRtcPayload payload in offered.Payloads)
        {
            if (!payload.Is("H264", 90000) || !HasParameter(payload.FormatParameters, "packetization-mode", "1"))
            {
                continue;
            }

            if (h264 is null || (HasParameter(payload.FormatParameters, "profile-level-id", "42e01f") && !HasParameter(h264.FormatParameters, "profile-level-id", "42e01f")))
            {
                h264 = payload;
            }
        }

        if (h264 is not null)
        {
            chosen.Add(new WebRtcVideoPayload(h264.PayloadType, "H264", h264.FormatParameters));
        }

        return chosen;
    }

    /// <summary>The role of an offered video m-line from its direction.</summary>
    public static WebRtcVideoRole RoleOf(MediaDirection offered) => offered switch
    {
        MediaDirection.RecvOnly => WebRtcVideoRole.Send,
        MediaDirection.Inactive => WebRtcVideoRole.Inactive,
        _ => WebRtcVideoRole.Receive,
    };

    /// <summary>Writes the accepted m-line for <paramref name="offered"/> and returns what was negotiated.</summary>
    public static (MediaDescription Media, WebRtcNegotiatedVideo Negotiated) Accept(
        WebRtcMediaOffer offered, List<WebRtcVideoPayload> codecs, WebRtcVideoRole role, uint? localSsrc, SdpSetupRole setup, WebRtcLocalParameters local)
    {
        var media = new MediaDescription
        {
            Media = offered.Kind,
            Port = local.Port,
            Protocol = offered.Protocol,
            Connection = SdpConnection.Create(local.Address),
        };
        foreach (WebRtcVideoPayload codec in codecs)
        {
            media.Formats.Add(Number(codec.PayloadType));
        }

        media.AddAttribute("mid", offered.Mid!);
        media.AddAttribute("ice-ufrag", local.IceUfrag);
        media.AddAttribute("ice-pwd", local.IcePwd);
        media.AddAttribute("fingerprint", local.Fingerprint.ToAttributeValue());
        media.AddAttribute("setup", setup.ToAttributeValue());
        media.Direction = role switch
        {
            WebRtcVideoRole.Send => MediaDirection.SendOnly,
            WebRtcVideoRole.Receive => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };
        string track = local.StreamId + "-video-" + offered.Mid;
        if (role == WebRtcVideoRole.Send)
        {
            media.AddAttribute("msid", track + " " + track);
        }

        media.AddAttribute("rtcp-mux");
        bool nack = false, pli = false, fir = false, remb = false;
        foreach (WebRtcVideoPayload codec in codecs)
        {
            string pt = Number(codec.PayloadType);
            media.AddAttribute("rtpmap", pt + " " + codec.Codec + "/90000");
            foreach (string feedback in offered.Payloads.First(p => p.PayloadType == codec.PayloadType).RtcpFeedback)
            {
                string normal = string.Join(' ', feedback.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
                if (Array.IndexOf(SupportedFeedback, normal) < 0)
                {
                    continue;
                }

                media.AddAttribute("rtcp-fb", pt + " " + normal);
                nack |= normal == "nack";
                pli |= normal == "nack pli";
                fir |= normal == "ccm fir";
                remb |= normal == "goog-remb";
            }

            if (codec.FormatParameters is not null)
            {
                media.AddAttribute("fmtp", pt + " " + codec.FormatParameters);
            }
        }

        if (role == WebRtcVideoRole.Send && localSsrc is uint ssrc)
        {
            media.AddAttribute("ssrc", ssrc.ToString(CultureInfo.InvariantCulture) + " cname:" + local.Cname);
        }

        var negotiated = new WebRtcNegotiatedVideo
        {
            MediaIndex = offered.Index,
            Mid = offered.Mid!,
            Role = role,
            Payloads = codecs,
            RemoteSsrc = role == WebRtcVideoRole.Receive && offered.Ssrcs.Count > 0 ? offered.Ssrcs[0].Ssrc : null,
            LocalSsrc = role == WebRtcVideoRole.Send ? localSsrc : null,
            Nack = nack,
            Pli = pli,
            Fir = fir,
            Remb = remb,
        };
        return (media, negotiated);
    }

    private static bool HasParameter(string? parameters, string name, string value)
    {
        if (parameters is null)
        {
            return false;
        }

        foreach (string part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(part[..equals].Trim(), name, StringComparison.OrdinalIgnoreCase)
                && string.Equals(part[(equals + 1)..].Trim(), value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
