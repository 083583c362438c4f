using System.Diagnostics.CodeAnalysis;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// DTLS-SRTP for SIP phones (RFC 5763 §5, RFC 5764 §8): reads the fingerprint and setup of an offered
/// <c>UDP/TLS/RTP/SAVP</c> or <c>UDP/TLS/RTP/SAVPF</c> m-line and writes the answer's <c>a=setup</c> and <c>a=fingerprint</c>. The SIP offer/answer
/// code uses these pieces for the m-line it accepts; codec choice stays with it.
/// </summary>
/// <remarks>
/// baresip 1.0 with <c>mediaenc=dtls_srtp</c> (captured) sends <c>UDP/TLS/RTP/SAVPF</c>, <c>a=setup:actpass</c> and
/// <c>a=fingerprint:SHA-256 ...</c> at session level, no ICE attributes and no <c>a=rtcp-mux</c>; so RTCP may be on
/// port+1, and RFC 5764 §4.1 then wants a DTLS association per component (RTP and RTCP) unless the answer has rtcp-mux.
/// </remarks>
public static class DtlsSrtpSdp
{
    /// <summary>
    /// Reads the DTLS values of <paramref name="media"/> (media level, else session level). False with a reason
    /// when the proto is not DTLS, the fingerprint is missing or malformed, or the setup is unknown or holdconn.
    /// </summary>
    public static bool TryReadOffer(SessionDescription session, MediaDescription media, [NotNullWhen(true)] out DtlsSrtpOffer? offer, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(media);
        offer = null;
        if (!SdpProtocol.IsDtls(media.Protocol))
        {
            reason = "proto '" + SdpSetup.Clip(media.Protocol) + "' is not DTLS-SRTP (UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF, RFC 5764 §8)";
            return false;
        }

        if (!SdpFingerprint.TryGetEffective(session, media, out IReadOnlyList<SdpFingerprint> fingerprints, out reason))
        {
            return false;
        }

        if (!SdpSetup.TryGetOffered(session, media, out SdpSetupRole offered, out reason)
            || !SdpSetup.TryAnswer(offered, out SdpSetupRole local, out reason))
        {
            return false;
        }

        offer = new DtlsSrtpOffer
        {
            RemoteFingerprints = fingerprints,
            OfferedSetup = offered,
            LocalSetup = local,
            RtcpMux = media.RtcpMux,
            IceUfrag = media.GetAttribute("ice-ufrag") ?? session.GetAttribute("ice-ufrag"),
            IcePwd = media.GetAttribute("ice-pwd") ?? session.GetAttribute("ice-pwd"),
        };
        reason = null;
        return true;
    }

    /// <summary>The answer's <c>a=setup</c> (our role) and <c>a=fingerprint</c> (our certificate), in that order.</summary>
    public static IReadOnlyList<SdpAttribute> AnswerAttributes(DtlsSrtpOffer offer, SdpFingerprint localFingerprint)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(localFingerprint);
        return
        [
            new SdpAttribute("setup", offer.LocalSetup.ToAttributeValue()),
            new SdpAttribute("fingerprint", localFingerprint.ToAttributeValue()),
        ];
    }

    /// <summary>Appends <see cref="AnswerAttributes"/> to an answer m-line, replacing any setup or fingerprint already there.</summary>
    public static void AddAnswerAttributes(MediaDescription answer, DtlsSrtpOffer offer, SdpFingerprint localFingerprint)
    {
        ArgumentNullException.ThrowIfNull(answer);
        IReadOnlyList<SdpAttribute> attributes = AnswerAttributes(offer, localFingerprint);
        for (int i = answer.Attributes.Count - 1; i >= 0; i--)
        {
            string name = answer.Attributes[i].Name;
            if (string.Equals(name, "setup", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "fingerprint", StringComparison.OrdinalIgnoreCase))
            {
                answer.Attributes.RemoveAt(i);
            }
        }

        foreach (SdpAttribute attribute in attributes)
        {
            answer.Attributes.Add(attribute);
        }
    }
}
