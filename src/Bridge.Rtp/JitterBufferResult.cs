namespace Bridge.Rtp;

/// <summary>What <see cref="JitterBuffer.Get"/> produced for one playout step.</summary>
public enum JitterBufferResult
{
    /// <summary>Nothing to play: not started, waiting for the target delay, silence between talkspurts, or an underrun.</summary>
    Empty,

    /// <summary>A packet's payload was copied out.</summary>
    Frame,

    /// <summary>The packet due now is missing while later ones exist: conceal one frame (peek at the next packet for FEC).</summary>
    Lost,
}
