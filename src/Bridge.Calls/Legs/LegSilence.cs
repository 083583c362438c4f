using Bridge.Media.Codecs;
using Bridge.Rtp;

namespace Bridge.Calls.Legs;

/// <summary>
/// Which received payloads a leg's <see cref="RtpSession"/> may skip as silence without decoding them
/// (<see cref="RtpSession.SilentPayload"/>): Opus packets whose own bits say nothing is heard (DTX, SILK VAD and LBRR flags
/// all 0, CELT silence; RFC 6716 §3.2.1, §4.2.3, §4.3, read by <see cref="OpusActivity"/>), once the leg's last decoded
/// audio was quiet too (<see cref="LegAudioReader.RecentlyQuiet"/>: Opus' VAD calls a steady tone "no speech"). G.711
/// carries no flag, but its code words are the level itself: a payload whose samples' mean square is under
/// <see cref="LegAudioReader.QuietDbfs"/> (<see cref="G711Activity"/>) is what the leg would have decoded as quiet, 3 dB
/// under the mixer's talk-off, so skipping it changes nothing anyone hears. G.722's sub-band ADPCM cannot be read without
/// decoding; its silence is still decoded (the mixer's talk-off decides). SIP and browser legs alike; browsers' RFC 6464
/// levels apply as well.
/// </summary>
internal static class LegSilence
{
    private static readonly SilentPayloadTest MuLawQuiet = payload => G711Activity.IsQuiet(payload, aLaw: false, LegAudioReader.QuietPower);

    private static readonly SilentPayloadTest ALawQuiet = payload => G711Activity.IsQuiet(payload, aLaw: true, LegAudioReader.QuietPower);

    /// <summary>The test for <paramref name="codec"/> read by <paramref name="reader"/>, or null when its payloads say nothing about silence.</summary>
    public static SilentPayloadTest? For(AudioCodecInfo codec, LegAudioReader reader)
    {
        if (Is(codec, AudioCodecs.Opus))
        {
            return payload => reader.RecentlyQuiet && OpusActivity.IsInactive(payload);
        }

        return Is(codec, AudioCodecs.Pcmu) ? MuLawQuiet : Is(codec, AudioCodecs.Pcma) ? ALawQuiet : null;
    }

    private static bool Is(AudioCodecInfo codec, string name) => string.Equals(codec.Name, name, StringComparison.OrdinalIgnoreCase);
}
