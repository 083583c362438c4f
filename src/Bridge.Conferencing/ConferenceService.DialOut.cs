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

    /// <summary>Starts a call to <paramref name="number"/> for room <paramref name="roomNumber"/> when a trunk allows it;
    /// false (and a SECURITY line naming <paramref name="source"/>, the number masked) when none does or dial-out is off.
    /// <paramref name="completed"/> runs on the conference queue.</summary>
    internal bool TryDialOut(CallerSource source, string legId, string roomNumber, string number, Action<DialOutOutcome> completed)
    {
        var masked = CallerSource.Mask(number);
        var trunk = DialOutTrunkFor(number);
        if (trunk is null || Dialer is not { } dialer)
        {
            DialOutLog.Refused(Logger, source.Address.ToString(), source.MaskedUser, roomNumber, masked,
                trunk is null ? "no-trunk-allows-it" : "dial-out-unavailable");
            return false;
        }

        var id = Guid.NewGuid().ToString("N")[..8];
        var request = new DialOutRequest(number, trunk, roomNumber, outcome => Post(() =>
        {
            DialOutLog.Finished(Logger, id, masked, outcome);
            completed(outcome);
        }))
        { Id = id };
        DialOutLog.Started(Logger, legId, roomNumber, masked, trunk.Name, request.Id);
        dialer.Dial(request);
        return true;
    }
}
