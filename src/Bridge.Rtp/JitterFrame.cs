namespace Bridge.Rtp;

/// <summary>Describes a frame handed out (or concealed) by the <see cref="JitterBuffer"/>.</summary>
/// <param name="Timestamp">RTP timestamp of the frame (for a lost frame: where it should have been).</param>
/// <param name="Duration">Duration in timestamp units.</param>
/// <param name="Length">Payload bytes copied (0 for a lost frame).</param>
/// <param name="PayloadType">The packet's payload type (-1 for a lost frame).</param>
/// <param name="Marker">The packet's marker bit (start of a talkspurt).</param>
public readonly record struct JitterFrame(uint Timestamp, int Duration, int Length, int PayloadType, bool Marker);
