using Bridge.Conferencing.DialOut;
using Bridge.DialPlans.Trunks;

namespace Bridge.Conferencing;

/// <summary>Dial-out (issue 12): which trunk may call a number, and the hand-off to the dialler in Bridge.Calls.</summary>
public sealed partial class ConferenceService
{
    /// <summary>Places calls out; null (the default) refuses every dial-out. Set once at start by the call layer.</summary>
    public IDialOutDialer? Dialer { get; set; }

    /// <summary>The room <paramref name="number"/> of the current dial plan (for the call layer's dial-out).</summary>
    public bool TryGetRoom(string number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Bridge.DialPlans.RoomConfig? room) =>
        DialPlans.Current.TryGetRoom(number, out room);

    /// <summary>The outbound trunk for <paramref name="number"/>: the first trunk, in file order, whose <c>dialOut.allow</c>
    /// matches the whole number; null when none does.</summary>
    public TrunkConfig? DialOutTrunkFor(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        foreach (var trunk in Trunks.All)
        {
            if (trunk.DialOut is { } policy && policy.Permits(number))
            {
                return trunk;
            }
        }

        return null;
    }

    private readonly DialOutTracker _dialOuts = new();

    /// <summary>Starts a call to <paramref name="number"/> for room <paramref name="roomNumber"/> when a trunk allows it;
    /// false (and a SECURITY line naming <paramref name="source"/>, the number masked) when none does or dial-out is off.
    /// <paramref name="completed"/> runs on the conference queue.</summary>
    internal bool TryDialOut(CallerSource source, string legId, string roomNumber, string number, Action<DialOutOutcome> completed) =>
        StartDialOut(new DialOutAsker(legId, source.Address.ToString(), source.MaskedUser, "Call " + legId), roomNumber, number, completed, null, out _)
            == DialOutStart.Started;

    /// <summary>
    /// The one decision for every dial-out (phone <c>*7</c>, page, admin API), on the conference queue: a well-formed number,
    /// a trunk whose <c>dialOut.allow</c> matches it (else a SECURITY line, number masked), one call out ringing per
    /// <see cref="DialOutAsker.Owner"/>; then the dialler. <paramref name="completed"/> and <paramref name="changed"/> run on
    /// the conference queue.
    /// </summary>
    internal DialOutStart StartDialOut(DialOutAsker asker, string roomNumber, string number, Action<DialOutOutcome>? completed,
        Action<DialOutStatus>? changed, out DialOutStatus? status)
    {
        status = null;
        var masked = CallerSource.Mask(number);
        if (!DialOutNumber.IsWellFormed(number))
        {
            DialOutLog.Refused(Logger, asker.SourceIp, asker.User, roomNumber, masked, "malformed-number");
            return DialOutStart.Malformed;
        }

        var trunk = DialOutTrunkFor(number);
        if (trunk is null || Dialer is not { } dialer)
        {
            DialOutLog.Refused(Logger, asker.SourceIp, asker.User, roomNumber, masked,
                trunk is null ? "no-trunk-allows-it" : "dial-out-unavailable");
            return DialOutStart.NotAllowed;
        }

        var id = Guid.NewGuid().ToString("N")[..12];
        var started = new DialOutStatus(id, roomNumber, masked, DialOutState.Calling, Time.GetUtcNow());
        if (!_dialOuts.TryBegin(asker.Owner, started, changed))
        {
            DialOutLog.Busy(Logger, asker.ForLog, roomNumber, masked);
            return DialOutStart.Busy;
        }

        DialOutRequest? request = null;
        request = new DialOutRequest(number, trunk, roomNumber, outcome => Post(() =>
        {
            DialOutLog.Finished(Logger, id, masked, outcome);
            _dialOuts.Finish(id, outcome, request!.LegId);
            completed?.Invoke(outcome);
        }))
        { Id = id };
        DialOutLog.Started(Logger, asker.ForLog, roomNumber, masked, trunk.Name, request.Id);
        status = started;
        dialer.Dial(request);
        return DialOutStart.Started;
    }

    /// <summary>The invited person on <paramref name="legId"/> pressed 1 or not (for the dial-out's state).</summary>
    internal void NoteInvitationAnswer(string legId, bool joined) => _dialOuts.InvitationAnswered(legId, joined);
}
