namespace Bridge.Conferencing.Browser;

/// <summary>One of a browser's receiving video m-lines (<paramref name="Mid"/>) showing a participant's camera or screen.</summary>
/// <param name="Mid">The m-line's mid in the browser's offer.</param>
/// <param name="ParticipantId">The participant whose video it is (the roster entry's id).</param>
/// <param name="Screen">True for a shared screen, false for a camera.</param>
public sealed record BrowserVideoSlot(string Mid, string ParticipantId, bool Screen);
