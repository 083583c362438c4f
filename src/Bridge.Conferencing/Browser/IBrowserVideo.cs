namespace Bridge.Conferencing.Browser;

/// <summary>
/// The video side of a browser participant, when its offer had video (the bridge forwards video, it never decodes it):
/// which participant each of the browser's receiving video m-lines (by mid) shows, and whether it shares its screen.
/// Implemented by the same object as <see cref="IBrowserParticipant"/>; the web layer checks for it.
/// </summary>
public interface IBrowserVideo
{
    /// <summary>Raised (on any thread; handlers must only queue work) when <see cref="GetVideoSlots"/> changed.</summary>
    event EventHandler? VideoChanged;

    /// <summary>The filled slots now: mid, the participant's id (as in the roster) and what it shows.</summary>
    IReadOnlyList<BrowserVideoSlot> GetVideoSlots();

    /// <summary>The page started or stopped sharing its screen (its second sending video m-line).</summary>
    void SetScreenSharing(bool sharing);
}
