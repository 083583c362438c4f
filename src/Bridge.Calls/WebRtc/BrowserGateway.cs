using System.Net;
using Bridge.Calls.Media;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// <see cref="IBrowserGateway"/> for the web layer: PIN checks go to the conference service with the phones' policy; a
/// join makes a <see cref="WebRtcLeg"/> from the offer, parks it in a lobby like a SIP leg, and has the conference queue
/// admit it with the ticket's role (no IVR, no prompts). Browsers count against the same concurrent-call limits as phones
/// (per address and in total), so a flood of joins cannot take every media port.
/// </summary>
internal sealed partial class BrowserGateway(ConferenceService conference, WebRtcLegFactory legs, MediaHub hub, CallAdmission admission, ILogger logger) : IBrowserGateway
{
    public Task<BrowserPinCheck> CheckPinAsync(IPAddress address, string room, string pin, CancellationToken cancellationToken) =>
        conference.CheckBrowserPinAsync(address, room, pin, cancellationToken);

    public async Task<IBrowserParticipant> JoinAsync(BrowserTicket ticket, string displayName, string offerSdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(offerSdp);
        var name = BrowserNames.Clean(displayName);
        var source = new CallerSource(ticket.Address, ConferenceService.BrowserUser) { IsBrowser = true };
        if (!admission.TryAdmit(ticket.Address))
        {
            LogRefused(ticket.Room, "concurrent call limit reached");
            throw new BrowserJoinException("The bridge is busy; please try again later.");
        }

        WebRtcLeg? leg;
        string? answer;
        string? failure;
        try
        {
            legs.TryCreate(source, name, offerSdp, out leg, out answer, out failure);
        }
        catch
        {
            admission.Release(ticket.Address);
            throw;
        }

        if (leg is null || answer is null)
        {
            failure ??= "Could not join the room.";
            admission.Release(ticket.Address);
            LogRefused(ticket.Room, failure);
            throw new BrowserJoinException(failure);
        }

        var address = ticket.Address;
        leg.Closed = () => admission.Release(address);
        Track(leg);

        hub.EnterLobby(leg);
        leg.Start();
        ConferenceCall call;
        try
        {
            call = await conference.AdmitBrowserAsync(leg, ticket, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is BrowserJoinException or OperationCanceledException)
        {
            leg.Release("not admitted");
            throw;
        }

        leg.AttachConference(call);
        LogJoined(leg.Id, ticket.Room, ticket.Role);
        return new BrowserParticipant(leg, call, conference, answer, ticket.Role);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser join to room {Room} refused: {Reason}")]
    private partial void LogRefused(string room, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId} joined room {Room} as {Role}")]
    private partial void LogJoined(string legId, string room, ConferenceRole role);
}
