using Bridge.Media.Codecs;

namespace Bridge.Calls.Legs;

/// <summary>
/// One codec's receive pipeline of a leg (jitter buffer and decoder behind <paramref name="Reader"/>) and the payload types
/// to send with it. A codec change (RFC 3264 §8.3.2) builds a new one; the mixer thread takes it at a tick boundary, and
/// the old one is left to the garbage collector rather than disposed, since a tick may still be reading it.
/// </summary>
internal sealed record LegMedia(LegAudioReader Reader, AudioCodecInfo Codec, int PayloadType, int EventPayloadType);
