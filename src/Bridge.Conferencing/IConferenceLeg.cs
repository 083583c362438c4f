using Bridge.Conferencing.Prompts;

namespace Bridge.Conferencing;

/// <summary>
/// One answered call as the conference logic sees it. Implemented by Bridge.Calls. Methods may be
/// called from the conference control thread; they must not block. Digits and the remote hang-up go
/// back in through the <see cref="ConferenceCall"/> returned by <see cref="ConferenceService.HandleNewCall"/>.
/// </summary>
public interface IConferenceLeg
{
    /// <summary>A stable id for logs (e.g. the SIP Call-ID or an internal leg id).</summary>
    string Id { get; }

    /// <summary>Signalling peer address and From user, for PIN failure counting.</summary>
    CallerSource Source { get; }

    /// <summary>True when the media is SRTP-protected (RFC 3711); rooms with <c>media: secure</c> admit only these.</summary>
    bool IsMediaSecure { get; }

    /// <summary>
    /// Plays the prompts one after the other to this caller only, replacing any prompt still playing.
    /// While prompts play the caller does not hear the room. <paramref name="onDone"/> is called once,
    /// after the last prompt; it need not be called after <see cref="StopPrompts"/>, a newer
    /// <see cref="PlayPrompts"/> or <see cref="Hangup"/>.
    /// </summary>
    void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone);

    /// <summary>Stops the current prompts at once (the caller started typing).</summary>
    void StopPrompts();

    /// <summary>Echo test: from now on send back what is received, <paramref name="delay"/> later.</summary>
    void StartEcho(TimeSpan delay);

    /// <summary>Ends the call (BYE). The leg must also leave any <see cref="IRoomAudio"/>; the logic removes it first.</summary>
    void Hangup();
}
