using Bridge.Calls.Quality;
using Bridge.Conferencing.Admin;
using Bridge.Media.Codecs;

namespace Bridge.Calls.WebRtc;

/// <summary>A browser leg's live details for the admin API, shaped as a phone's (docs/call-quality.md).</summary>
internal sealed partial class WebRtcLeg
{
    /// <summary>The packet time browsers send Opus with (RFC 7587 §4.1 allows more; WebRTC uses 20 ms).</summary>
    private const int OpusPacketTimeMs = 20;

    /// <summary>
    /// Reads the leg's details now, from any thread: Opus over DTLS-SRTP (always secure, RFC 8827 §6.5), talking as the mixer
    /// hears it, and the quality from the received stream (RFC 3550 A.3, A.8) and the browser's SRTCP receiver reports
    /// (§6.4.2: its loss and jitter of our audio, and the round trip once it echoes one of our sender reports).
    /// </summary>
    public ParticipantDetails GetDetails()
    {
        var quality = LegQualityEstimator.Estimate(_rtp.GetQualitySample(), _jitter.GetStatistics(), AudioCodecs.Opus, OpusPacketTimeMs);
        return new ParticipantDetails(Id, AudioCodecs.Opus, "webrtc", IsMediaSecure, Participant?.IsTalking ?? false, quality);
    }
}
