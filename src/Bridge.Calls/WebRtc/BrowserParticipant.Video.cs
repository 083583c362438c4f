using Bridge.Calls.WebRtc.Video;
using Bridge.Conferencing.Browser;

namespace Bridge.Calls.WebRtc;

/// <summary>The browser's video slots and screen sharing, for the web layer (<see cref="IBrowserVideo"/>); no-ops without video.</summary>
internal sealed partial class BrowserParticipant : IBrowserVideo
{
    public event EventHandler? VideoChanged
    {
        add
        {
            if (Leg.Video is { } video)
            {
                video.SlotsChanged += value;
            }
        }

        remove
        {
            if (Leg.Video is { } video)
            {
                video.SlotsChanged -= value;
            }
        }
    }

    public IReadOnlyList<BrowserVideoSlot> GetVideoSlots() =>
        Leg.Video is { } video
            ? [.. VideoRouter.Describe(video).Select(s => new BrowserVideoSlot(s.Mid, s.ParticipantId, s.Kind == VideoSourceKind.Screen))]
            : [];

    public void SetScreenSharing(bool sharing) => Leg.SetScreenSharing(sharing);
}
