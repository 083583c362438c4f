namespace Bridge.Rtp;

/// <summary>
/// Tells from an audio payload alone, without decoding it, that the sender's encoder heard nothing (e.g. Opus' VAD flags,
/// RFC 6716 §4.2.3). Called on the receive thread for every audio packet: must not allocate, block or throw.
/// </summary>
/// <param name="payload">The RTP payload (RFC 3550 §5.1).</param>
/// <returns>True only when the payload surely carries no sound; anything uncertain is false.</returns>
public delegate bool SilentPayloadTest(ReadOnlySpan<byte> payload);
