using System.Collections.Concurrent;
using System.Net;
using Bridge.Conferencing;
using Bridge.Conferencing.Browser;

namespace Bridge.Web.Tests.Fakes;

/// <summary>A gateway of our own interface: room 4711 opens with PIN 1234 (participant) or 9999 (moderator); PIN 0000 is "locked out".</summary>
internal sealed class FakeBrowserGateway : IBrowserGateway
{
    public const string Room = "4711";
    public const string Pin = "1234";
    public const string ModeratorPin = "9999";
    public const string LockedPin = "0000";

    public ConcurrentQueue<(IPAddress Address, string Room)> PinChecks { get; } = new();

    public ConcurrentQueue<FakeBrowserParticipant> Participants { get; } = new();

    public int JoinCalls => Participants.Count + _refusedJoins;

    private int _refusedJoins;

    /// <summary>Completes when a participant has been created (for tests that close the socket right after).</summary>
    public TaskCompletionSource<FakeBrowserParticipant> FirstParticipant { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<BrowserPinCheck> CheckPinAsync(IPAddress address, string room, string pin, CancellationToken cancellationToken)
    {
        PinChecks.Enqueue((address, room));
        var check = (room, pin) switch
        {
            (_, LockedPin) => new BrowserPinCheck(BrowserPinOutcome.LockedOut, null),
            (Room, Pin) => Accept(address, room, ConferenceRole.Participant),
            (Room, ModeratorPin) => Accept(address, room, ConferenceRole.Moderator),
            _ => new BrowserPinCheck(BrowserPinOutcome.Refused, null),
        };
        return Task.FromResult(check);
    }

    public Task<IBrowserParticipant> JoinAsync(BrowserTicket ticket, string displayName, string offerSdp, CancellationToken cancellationToken)
    {
        if (offerSdp.Contains("no-common-codec", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _refusedJoins);
            throw new BrowserJoinException("Your browser offers no audio codec the bridge has.");
        }

        var participant = new FakeBrowserParticipant("leg-" + (Participants.Count + 1), ticket.Role, displayName, offerSdp);
        Participants.Enqueue(participant);
        FirstParticipant.TrySetResult(participant);
        return Task.FromResult<IBrowserParticipant>(participant);
    }

    private static BrowserPinCheck Accept(IPAddress address, string room, ConferenceRole role) =>
        new(BrowserPinOutcome.Accepted, new BrowserTicket(room, role, address, DateTimeOffset.UnixEpoch));
}
