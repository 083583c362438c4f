namespace Bridge.Calls.WebRtc.Video;

/// <summary>A browser's video figures: forwarded, answered and dropped, per kind of bad input.</summary>
internal readonly record struct VideoCounters(
    long Received,
    long Forwarded,
    long Retransmitted,
    long KeyFrameRequestsSent,
    long KeyFrameRequestsSuppressed,
    long UnknownSsrc,
    long BadPayloadType,
    long BadExtension,
    long Oversized,
    long FeedbackForUnknownSsrc,
    long CodecMismatch);
