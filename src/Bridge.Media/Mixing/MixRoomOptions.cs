using Bridge.Media.Codecs;

namespace Bridge.Media.Mixing;

/// <summary>Room mixing settings, snapshotted when the room is created.</summary>
/// <param name="SampleRate">Mixing rate; 0 = automatic: the widest codec present (8 kHz for a room of G.711 phones, 16 kHz with G.722, 48 kHz with Opus).</param>
/// <param name="TalkOnDbfs">Level (dBFS, 0 = full-scale square) at which a participant starts to be mixed.</param>
/// <param name="TalkOffDbfs">Level under which the release time starts counting.</param>
/// <param name="TalkReleaseMs">Time under <paramref name="TalkOffDbfs"/> before a talker stops being mixed.</param>
/// <param name="MaxTalkers">Most talkers mixed at once (the loudest, sticky); 0 = no limit. Bounds the per-tick
/// cost of a big room where many lines carry noise: every mixed talker costs its own N-1 encode.</param>
public sealed record MixRoomOptions(
    int SampleRate = 0,
    double TalkOnDbfs = -45,
    double TalkOffDbfs = -52,
    int TalkReleaseMs = 400,
    int MaxTalkers = 8)
{
    /// <summary>Opus encoder settings for this room's encoders.</summary>
    public OpusSettings Opus { get; init; } = OpusSettings.Default;

    /// <summary>Defaults.</summary>
    public static MixRoomOptions Default { get; } = new();

    internal void Validate()
    {
        if (SampleRate is not (0 or 8000 or 16000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "Use 0 (automatic), 8000, 16000 or 48000.");
        }

        if (TalkOffDbfs > TalkOnDbfs || TalkReleaseMs < 0 || MaxTalkers < 0)
        {
            throw new ArgumentException("TalkOffDbfs must not exceed TalkOnDbfs; TalkReleaseMs and MaxTalkers must be >= 0.");
        }
    }
}
