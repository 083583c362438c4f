using System.Net;
using Bridge.Conferencing.Browser;
using Bridge.Conferencing.Ivr;
using Bridge.Conferencing.Pins;
using Bridge.Conferencing.Rooms;
using Bridge.DialPlans;

namespace Bridge.Conferencing;

/// <summary>
/// Browser participants (issue 9): the PIN typed on the web page is checked exactly as a phone's PIN entry is (the same
/// <see cref="Pins.PinPolicy"/> counting per source and per address, lockout, room guard, PBKDF2 through
/// <see cref="Pins.PinCheckLimiter"/>, the same SECURITY lines), and a browser with an accepted PIN is admitted straight
/// into the room with the role its PIN opened, without the IVR. All decisions run on the conference queue.
/// </summary>
public sealed partial class ConferenceService
{
    /// <summary>The From user browsers are counted under; per address they share the count with the phones.</summary>
    public const string BrowserUser = "browser";

    /// <summary>Where failures for a room number that does not exist are counted (a fixed key, so junk cannot grow the state).</summary>
    internal const string UnknownRoomKey = "-";

    private const int MaxRoomLength = 32;

    /// <summary>
    /// Checks a PIN typed in a browser at <paramref name="address"/>. An unknown room and a wrong PIN answer the same and
    /// both count as a failure; an unknown room still costs a PBKDF2 check when any room has a hashed PIN, so timing does not
    /// tell rooms apart. A check refused because too many are running answers <see cref="BrowserPinOutcome.Refused"/>
    /// without counting. The PIN is never logged and its copy is wiped after the check.
    /// </summary>
    public Task<BrowserPinCheck> CheckBrowserPinAsync(IPAddress address, string room, string pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(pin);
        var done = new TaskCompletionSource<BrowserPinCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = pin.Length <= Options.MaxEntryLength ? pin.ToCharArray() : [];
        var overflow = pin.Length > Options.MaxEntryLength;
        Post(() => BeginBrowserPin(new CallerSource(address, BrowserUser) { IsBrowser = true }, room, entered, overflow, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Admits a browser's leg to the ticket's room with the ticket's role, without the IVR. Throws
    /// <see cref="BrowserJoinException"/> (a message fit for the user) when the room is gone, full, locked or not open.
    /// </summary>
    public Task<ConferenceCall> AdmitBrowserAsync(IConferenceLeg leg, BrowserTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(ticket);
        var done = new TaskCompletionSource<ConferenceCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!DialPlans.Current.TryGetRoom(ticket.Room, out var config) || ticket.Role == ConferenceRole.None)
            {
                done.TrySetException(new BrowserJoinException("The room is not available."));
                return;
            }

            var session = new CallSession(this, leg);
            var result = session.StartInRoom(config, ticket.Role);
            if (result == AdmitResult.Admitted)
            {
                done.TrySetResult(new ConferenceCall(this, session));
                return;
            }

            done.TrySetException(new BrowserJoinException(result switch
            {
                AdmitResult.Full => "The room is full.",
                AdmitResult.Locked => "The room is locked.",
                AdmitResult.NotOpen => "The conference is not open now.",
                _ => "The room is not available.",
            }));
        });
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Self-mute of a browser participant from its page; the roster shows it.</summary>
    public void SetSelfMuted(ConferenceCall call, bool muted)
    {
        ArgumentNullException.ThrowIfNull(call);
        PostForCall(call.Session, () => call.Session.SetSelfMuted(muted));
    }

    private void BeginBrowserPin(CallerSource source, string room, char[] entered, bool overflow, TaskCompletionSource<BrowserPinCheck> done)
    {
        RoomConfig? config = null;
        var known = room.Length is > 0 and <= MaxRoomLength && DialPlans.Current.TryGetRoom(room, out config);
        var key = known ? config!.Number : UnknownRoomKey;
        var gate = Pins.Check(source, key);
        if (gate.LockedOut)
        {
            Array.Clear(entered);
            done.TrySetResult(new BrowserPinCheck(BrowserPinOutcome.LockedOut, null));
            return;
        }

        if (gate.Delay > TimeSpan.Zero)
        {
            // A room under attack answers slowly, browsers as phones.
            _ = Task.Delay(gate.Delay, Time).ContinueWith(
                _ => Post(() => VerifyBrowserPin(source, known ? config : null, entered, overflow, gate.ModeratorOnly, done)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        VerifyBrowserPin(source, known ? config : null, entered, overflow, gate.ModeratorOnly, done);
    }

    private void VerifyBrowserPin(CallerSource source, RoomConfig? room, char[] entered, bool overflow, bool moderatorOnly, TaskCompletionSource<BrowserPinCheck> done)
    {
        var hashedDecoy = room is null ? FindHashedRoom() : null;
        var hashed = room is not null ? room.Pin.IsHashed || room.ModeratorPin is { IsHashed: true } : hashedDecoy is not null;
        if (!hashed)
        {
            var (participant, moderator) = CompareBrowserPin(room, null, entered, moderatorOnly);
            Array.Clear(entered);
            DecideBrowserPin(source, room, !overflow && participant, !overflow && moderator, moderatorOnly, done);
            return;
        }

        var started = PinChecks.TryRun(() =>
        {
            var (participant, moderator) = CompareBrowserPin(room, hashedDecoy, entered, moderatorOnly);
            Array.Clear(entered);
            Post(() => DecideBrowserPin(source, room, !overflow && participant, !overflow && moderator, moderatorOnly, done));
        });
        if (!started)
        {
            Array.Clear(entered);
            PinCheckLog.Busy(Logger, BrowserUser + "@" + source.Address);
            done.TrySetResult(new BrowserPinCheck(BrowserPinOutcome.Refused, null));
        }
    }

    /// <summary>Both comparisons run, each in constant time (as <see cref="CallSession"/> does); an unknown room compares against a decoy.</summary>
    private static (bool Participant, bool Moderator) CompareBrowserPin(RoomConfig? room, RoomConfig? decoy, ReadOnlySpan<char> entered, bool moderatorOnly)
    {
        if (room is null)
        {
            _ = decoy?.Pin.Matches(entered);
            return (false, false);
        }

        var isParticipant = !moderatorOnly && room.Pin.Matches(entered);
        var isModerator = room.ModeratorPin is { } moderatorPin && moderatorPin.Matches(entered);
        return (isParticipant, isModerator);
    }

    private void DecideBrowserPin(CallerSource source, RoomConfig? room, bool isParticipant, bool isModerator, bool moderatorOnly, TaskCompletionSource<BrowserPinCheck> done)
    {
        if (room is not null && (isParticipant || isModerator))
        {
            Pins.RecordSuccess(source, room.Number);
            var role = isModerator ? ConferenceRole.Moderator : ConferenceRole.Participant;
            done.TrySetResult(new BrowserPinCheck(BrowserPinOutcome.Accepted, new BrowserTicket(room.Number, role, source.Address, Time.GetUtcNow())));
            return;
        }

        var outcome = room is not null && moderatorOnly
            ? Pins.RecordRefusedUnderAttack(source, room.Number)
            : Pins.RecordFailure(source, room?.Number ?? UnknownRoomKey);
        done.TrySetResult(new BrowserPinCheck(outcome.LockedOut ? BrowserPinOutcome.LockedOut : BrowserPinOutcome.Refused, null));
    }

    private RoomConfig? FindHashedRoom()
    {
        foreach (var room in DialPlans.Current.Rooms)
        {
            if (room.Pin.IsHashed)
            {
                return room;
            }
        }

        return null;
    }
}
