using Bridge.Media.Codecs;
using Bridge.Rtp;

namespace Bridge.Calls.Legs;

/// <summary>
/// The jitter buffer of a leg's received audio, its slots sized to the negotiated codec's 20 ms frame: G.711 and G.722
/// send 160 octets per 20 ms (RFC 3551 §4.5.2, §4.5.14), so their slots start at 160 and grow once if a longer ptime comes;
/// Opus keeps the buffer's default. Depth and slot count are the buffer's defaults: only the bytes per slot change.
/// </summary>
internal static class LegJitterBuffer
{
    /// <summary>Octets of one 20 ms G.711 or G.722 frame.</summary>
    internal const int NarrowFrameOctets = 160;

    /// <summary>A jitter buffer for <paramref name="codec"/>.</summary>
    internal static JitterBuffer Create(AudioCodecInfo codec, TimeProvider time) =>
        new(codec.RtpClockRate, time, codec.Name is AudioCodecs.Pcmu or AudioCodecs.Pcma or AudioCodecs.G722
            ? new JitterBufferOptions { InitialSlotSize = NarrowFrameOctets }
            : null);
}
