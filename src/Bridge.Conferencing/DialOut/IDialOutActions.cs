using System.Net;

namespace Bridge.Conferencing.DialOut;

/// <summary>
/// Dial-out for the browser moderator and the admin API (issues 12 and 13). Implemented by <see cref="ConferenceService"/>
/// with the phone's <c>*7</c> path: one decision on the conference queue (well-formed number, trunks' <c>dialOut.allow</c>,
/// one call out at a time per moderator or, for the API, per room), a SECURITY line with the number masked on refusal,
/// and the same dialler.
/// </summary>
public interface IDialOutActions
{
    /// <summary>
    /// The participant <paramref name="askerId"/> (a browser moderator in <paramref name="room"/>, at <paramref name="address"/>)
    /// asks to call <paramref name="number"/>; <paramref name="changed"/> is called on the conference queue at each later
    /// state (answered, joined, declined, …). Completes once decided.
    /// </summary>
    Task<DialOutTicket> DialForMemberAsync(string room, string askerId, string number, IPAddress address, Action<DialOutStatus> changed);

    /// <summary>An admin API caller (<paramref name="actor"/> names the token for the log) asks to call
    /// <paramref name="number"/> into the configured room <paramref name="room"/>. Completes once decided.</summary>
    Task<DialOutTicket> DialForAdminAsync(string room, string number, IPAddress address, string actor);

    /// <summary>The call out <paramref name="id"/> placed for <paramref name="room"/> (kept a while after it ended), or null.</summary>
    DialOutStatus? GetDialOut(string room, string id);
}
