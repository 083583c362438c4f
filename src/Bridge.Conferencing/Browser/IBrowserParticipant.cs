namespace Bridge.Conferencing.Browser;

/// <summary>
/// One browser in a room, as the web layer sees it. Disposing it leaves the room (idempotent).
/// </summary>
public interface IBrowserParticipant : IAsyncDisposable
{
    /// <summary>The participant's id, the same as its roster entry's.</summary>
    string Id { get; }

    /// <summary>The SDP answer for the browser's offer (JSEP).</summary>
    string AnswerSdp { get; }

    /// <summary>The role the PIN opened.</summary>
    ConferenceRole Role { get; }

    /// <summary>Completes when the participant has left the room for any reason (left, removed, room ended, media lost).</summary>
    Task Ended { get; }

    /// <summary>Mutes or unmutes the browser's own microphone in the mix (self-mute).</summary>
    void SetMuted(bool muted);
}
