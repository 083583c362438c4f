namespace Bridge.Conferencing.Browser;

/// <summary>A participant's video the browser should see but has no free receiving slot for (more senders than slots).</summary>
/// <param name="ParticipantId">The participant whose video it is (the roster entry's id).</param>
/// <param name="Screen">True for a shared screen, false for a camera.</param>
public sealed record BrowserPausedVideo(string ParticipantId, bool Screen);
