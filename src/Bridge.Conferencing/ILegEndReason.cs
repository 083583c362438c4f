namespace Bridge.Conferencing;

/// <summary>
/// Implemented by a leg that shows its user why it ended (a browser): told on the conference queue just before the room
/// ends it, so the reason is known when the leg's end reaches the page.
/// </summary>
public interface ILegEndReason
{
    /// <summary>Notes why the room is about to end this leg; the first reason given stays.</summary>
    void EndingBecause(LegEndReason reason);
}
