namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// The sources this receiver should see but has no free slot for (more senders than slots): each with the router's
/// ticket of when it started waiting, so a slot that frees goes to the one that waited longest. Written under the
/// router's lock; <see cref="Paused"/> is the immutable list the web layer reads ("video paused" tiles).
/// </summary>
internal sealed partial class VideoPeer
{
    /// <summary>Waiting sources and their tickets (lower waited longer); the router's lock guards it.</summary>
    internal Dictionary<VideoSource, long> WaitingSince { get; } = [];

    /// <summary>The waiting sources, longest-waiting first; replaced whole by the router.</summary>
    internal IReadOnlyList<VideoSource> Paused { get; set; } = [];
}
