namespace Bridge.Media.Codecs;

/// <summary>What an Opus packet says about its sender's voice activity (<see cref="OpusActivity.Classify"/>).</summary>
public enum OpusPacketActivity
{
    /// <summary>Speech or sound: decode it.</summary>
    Active,

    /// <summary>Not read with certainty (malformed framing, a frame over 1275 octets): treated as <see cref="Active"/>.</summary>
    Unknown,

    /// <summary>Discontinuous transmission: every frame is empty or one octet (RFC 6716 §3.2.1; libopus conceals such frames).</summary>
    Dtx,

    /// <summary>SILK or hybrid frames whose VAD flags and LBRR flags are all 0 (RFC 6716 §4.2.3): the encoder heard no speech.</summary>
    NoSpeech,

    /// <summary>CELT-only frames whose silence flag is set (RFC 6716 §4.3, Table 56).</summary>
    Silence,
}
