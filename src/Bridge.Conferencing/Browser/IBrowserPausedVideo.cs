namespace Bridge.Conferencing.Browser;

/// <summary>
/// Implemented beside <see cref="IBrowserVideo"/>: the videos paused for this browser (no slot free), longest-waiting
/// first; the bridge gives a freed slot to the first of them. Changes are raised with <see cref="IBrowserVideo.VideoChanged"/>.
/// </summary>
public interface IBrowserPausedVideo
{
    /// <summary>The paused videos now.</summary>
    IReadOnlyList<BrowserPausedVideo> GetPausedVideos();
}
