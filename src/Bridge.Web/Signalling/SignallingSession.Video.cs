using System.Net.WebSockets;
using Bridge.Conferencing.Browser;

namespace Bridge.Web.Signalling;

/// <summary>
/// The video messages of <see cref="SignallingSession"/>: after the answer (when a slot is filled already), and whenever the bridge changes what the
/// browser's receiving video m-lines show, <c>{"type":"video","slots":[{"mid","id","screen"}]}</c> (the page puts each
/// mid's track in the tile of the participant with that roster id) and <c>"paused":[{"id","screen"}]</c> for videos with no
/// free slot (the page says "video paused" in their tiles); <c>{"type":"screen","sharing"}</c> from the page
/// starts or stops forwarding its screen. A browser that offered no video gets no video message.
/// </summary>
internal sealed partial class SignallingSession
{
    private IBrowserVideo? _video;

    private void StartVideo(IBrowserParticipant participant)
    {
        if (participant is IBrowserVideo video)
        {
            _video = video;
            video.VideoChanged += OnVideoChanged;
            var slots = video.GetVideoSlots();
            var paused = Paused(video);
            if (slots.Count > 0 || paused.Count > 0)
            {
                Enqueue(Outgoing.Message(ServerMessages.Video(slots, paused)));
            }
        }
    }

    private void StopVideo()
    {
        if (Interlocked.Exchange(ref _video, null) is { } video)
        {
            video.VideoChanged -= OnVideoChanged;
        }
    }

    /// <summary>Raised by the bridge on its control path: only queues the message (built from the slots now) for the writer.</summary>
    private void OnVideoChanged(object? sender, EventArgs e)
    {
        if (_video is { } video)
        {
            Enqueue(Outgoing.Message(ServerMessages.Video(video.GetVideoSlots(), Paused(video))));
        }
    }

    /// <summary>The videos paused for this browser (no free slot), when the bridge tells them.</summary>
    private static IReadOnlyList<BrowserPausedVideo> Paused(IBrowserVideo video) =>
        video is IBrowserPausedVideo paused ? paused.GetPausedVideos() : [];

    private bool Screen(bool sharing)
    {
        if (_participant is null)
        {
            return Fail("screen before joining", "Not in a room.", WebSocketCloseStatus.PolicyViolation);
        }

        _video?.SetScreenSharing(sharing);
        return true;
    }
}
