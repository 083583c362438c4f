using System.Net;

namespace Bridge.Conferencing.Browser;

/// <summary>
/// What the web layer (<c>Bridge.Web</c>) may ask of the bridge for a browser participant. The web layer
/// knows neither SIP nor media: it checks a PIN, then hands over the browser's SDP offer and gets an answer
/// and a handle. Implemented in <c>Bridge.Calls</c> (the WebRTC leg) over <see cref="ConferenceService"/>.
/// </summary>
public interface IBrowserGateway
{
    /// <summary>
    /// Checks a PIN typed in a browser with the policy the phones have: failures count against the
    /// address, the lockout covers phone and browser attempts from it together, and the same
    /// <c>SECURITY</c> lines are logged. An unknown room and a wrong PIN give the same outcome
    /// (no room enumeration). Never logs the PIN.
    /// </summary>
    Task<BrowserPinCheck> CheckPinAsync(IPAddress address, string room, string pin, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the browser's media leg from its SDP offer (JSEP, after an accepted PIN: the ticket),
    /// puts it in the room with the ticket's role and returns the SDP answer with the handle. Throws
    /// <see cref="BrowserJoinException"/> with a message fit for the user when it cannot (no common
    /// codec, room locked, closed or full).
    /// </summary>
    Task<IBrowserParticipant> JoinAsync(BrowserTicket ticket, string displayName, string offerSdp, CancellationToken cancellationToken);
}
