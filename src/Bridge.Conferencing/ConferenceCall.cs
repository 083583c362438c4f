using Bridge.Conferencing.Ivr;

namespace Bridge.Conferencing;

/// <summary>
/// The handle Bridge.Calls keeps for one call in the conference logic: it feeds digits and the remote
/// hang-up in, and <see cref="Completion"/> finishes when the call is over (either side hung up).
/// All methods are thread-safe and return at once.
/// </summary>
public sealed class ConferenceCall
{
    private readonly ConferenceService _service;
    private readonly CallSession _session;

    internal ConferenceCall(ConferenceService service, CallSession session)
    {
        _service = service;
        _session = session;
    }

    /// <summary>The leg's id.</summary>
    public string LegId => _session.Leg.Id;

    /// <summary>The last room the caller was admitted to (kept after it left); null when it never got into one. Any thread.</summary>
    public string? Room => _session.LastRoom;

    /// <summary>Completes when the call has ended.</summary>
    public Task Completion => _session.Completion;

    /// <summary>Participant or moderator once admitted; <see cref="ConferenceRole.None"/> before.</summary>
    public ConferenceRole Role => _session.Role;

    /// <summary>A DTMF digit from the caller (RFC 4733 event end, SIP INFO, or in-band): 0-9, *, #, A-D.</summary>
    public void OnDigit(char digit) => _service.PostForCall(_session, () => _session.OnDigit(digit));

    /// <summary>The caller hung up (BYE received, or the media timed out). The leg need not be hung up again.</summary>
    public void OnRemoteHangup() => _service.PostForCall(_session, _session.OnRemoteHangup);

    internal CallSession Session => _session;
}
