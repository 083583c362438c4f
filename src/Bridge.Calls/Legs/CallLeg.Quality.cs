using Bridge.Calls.Quality;
using Bridge.Conferencing.Admin;

namespace Bridge.Calls.Legs;

/// <summary>The leg's live details for the admin API: codec, SRTP, talking, and the quality estimate (docs/call-quality.md).</summary>
internal sealed partial class CallLeg
{
    /// <summary>Reads the leg's details now; safe from any thread (the figures are read under the RTP session's statistics lock).</summary>
    public ParticipantDetails GetDetails()
    {
        var audio = Audio;
        var quality = LegQualityEstimator.Estimate(_rtp.GetQualitySample(), _rtp.JitterBuffer?.GetStatistics(), audio.Codec.Name, audio.PacketTimeMs);
        return new ParticipantDetails(Id, audio.Codec.Name, IsMediaSecure ? "srtp" : "rtp", IsMediaSecure, Participant?.IsTalking ?? false, quality);
    }

    /// <summary>Packets lost and expected from the caller, SRTP/SRTCP authentication failures, and the current jitter (for /metrics).</summary>
    public (long Lost, long Expected, long UnprotectFailures, TimeSpan Jitter) ReadTransportFigures()
    {
        var sample = _rtp.GetQualitySample();
        return (sample.PacketsLost, sample.PacketsExpected, _rtp.GetStatistics().UnprotectFailures, sample.Jitter);
    }

    /// <summary>The last room of the call (for its record); null when it never got into one.</summary>
    public string? RoomNumber => _conference?.Room;

    /// <summary>
    /// The quality over the whole call, for its record: loss since the start (not the last interval); jitter, round trip and
    /// MOS averaged over the samples taken while the call lasted (<see cref="SampleCallQuality"/>) and the figures now.
    /// </summary>
    public ParticipantQuality? GetCallQuality()
    {
        var audio = Audio;
        var sample = _rtp.GetQualitySample() with { IntervalFractionLost = null };
        return _callQuality.Summarise(LegQualityEstimator.Estimate(sample, _rtp.JitterBuffer?.GetStatistics(), audio.Codec.Name, audio.PacketTimeMs));
    }
}
