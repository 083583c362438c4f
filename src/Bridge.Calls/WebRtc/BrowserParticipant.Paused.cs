using Bridge.Calls.WebRtc.Video;
using Bridge.Conferencing.Browser;

namespace Bridge.Calls.WebRtc;

/// <summary>The videos paused for this browser (more senders than its slots), for the page's "video paused" tiles.</summary>
internal sealed partial class BrowserParticipant : IBrowserPausedVideo
{
    public IReadOnlyList<BrowserPausedVideo> GetPausedVideos() =>
        Leg.Video is { } video
            ? [.. VideoRouter.DescribePaused(video).Select(s => new BrowserPausedVideo(s.ParticipantId, s.Kind == VideoSourceKind.Screen))]
            : [];
}
