using Bridge.Media.Codecs;
using Bridge.Rtp;

namespace Bridge.Calls.Legs;

/// <summary>
/// Which received payloads a leg's <see cref="RtpSession"/> may skip as silence without decoding them
/// (<see cref="RtpSession.SilentPayload"/>): Opus packets whose own bits say nothing is heard (DTX, SILK VAD and LBRR flags
/// all 0, CELT silence; RFC 6716 §3.2.1, §4.2.3, §4.3, read by <see cref="OpusActivity"/>), once the leg's last decoded
/// audio was quiet too (<see cref="LegAudioReader.RecentlyQuiet"/>: Opus' VAD calls a steady tone "no speech"). G.711 and
/// G.722 carry no such flag, so their silence is still decoded (the mixer's talk-off decides). SIP and browser legs alike;
/// browsers' RFC 6464 levels apply as well.
/// </summary>
internal static class LegSilence
{
    /// <summary>The test for <paramref name="codec"/> read by <paramref name="reader"/>, or null when its payloads say nothing about silence.</summary>
    public static SilentPayloadTest? For(AudioCodecInfo codec, LegAudioReader reader) =>
        string.Equals(codec.Name, AudioCodecs.Opus, StringComparison.OrdinalIgnoreCase)
            ? payload => reader.RecentlyQuiet && OpusActivity.IsInactive(payload)
            : null;
}
