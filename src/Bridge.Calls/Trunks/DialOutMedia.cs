using System.Net;
using Bridge.DialPlans;
using Bridge.Sdp;

namespace Bridge.Calls.Trunks;

/// <summary>
/// The media of a call out (issue 12): plain RTP (RTP/AVP) from an ordinary room; from a <c>media: secure</c> room SDES-SRTP
/// as the bridge answers phones (RTP/SAVP with one <c>a=crypto</c> per suite, RFC 4568 §6.1), and then an answer must
/// accept it (RFC 4568 §7.1.2: RTP/SAVP and one of our crypto lines, tag and suite repeated) or the call is refused.
/// </summary>
internal static class DialOutMedia
{
    /// <summary>Negotiation options for a call out from a room with <paramref name="media"/>.</summary>
    public static NegotiationOptions Options(MediaPolicy media, IPAddress sdpAddress, IReadOnlyList<CodecSpec> preference) => new()
    {
        MediaAddress = sdpAddress,
        Preference = preference,
        Srtp = media == MediaPolicy.Secure ? SrtpPolicy.Required : SrtpPolicy.Disabled,
    };

    /// <summary>True when calls out from a room with <paramref name="media"/> offer SRTP.</summary>
    public static bool IsSecure(MediaPolicy media) => media == MediaPolicy.Secure;

    /// <summary>Applies the 2xx's SDP to our offer: the negotiated audio, or null and why it cannot be used (unreadable,
    /// no common codec, or, from a secure room, no SRTP).</summary>
    public static NegotiatedAudio? ApplyAnswer(OfferAnswerSession offerAnswer, ReadOnlySpan<byte> body, bool secure, out string reason)
    {
        ArgumentNullException.ThrowIfNull(offerAnswer);
        if (!SessionDescription.TryParse(body, out var answer, out var error))
        {
            reason = "unreadable SDP in the 2xx (" + (error ?? "no body") + ")";
            return null;
        }

        var result = offerAnswer.ApplyAnswer(answer);
        if (result is not { Success: true, Audio: { } audio })
        {
            reason = (secure ? "the answer does not accept SRTP or our media: " : "no usable answer: ") + (result.FailureReason ?? "refused");
            return null;
        }

        if (secure && !audio.IsSecure)
        {
            reason = "the answer does not accept SRTP (the room needs secure media)";
            return null;
        }

        reason = string.Empty;
        return audio;
    }
}
