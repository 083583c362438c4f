using System.Collections.Concurrent;
using Bridge.Conferencing.Admin;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// The browsers' side of <see cref="IParticipantDetails"/>: the legs this gateway joined, by id, from the moment they are
/// made until their media is closed, so the admin API shows a browser's codec, security, talking and quality as a phone's.
/// </summary>
internal sealed partial class BrowserGateway : IParticipantDetails
{
    private readonly ConcurrentDictionary<string, WebRtcLeg> _live = new(StringComparer.Ordinal);

    /// <summary>Browser legs live now (for tests and diagnostics).</summary>
    public int LiveLegs => _live.Count;

    /// <inheritdoc />
    public ParticipantDetails? Get(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        return _live.TryGetValue(participantId, out var leg) && !leg.IsReleased ? leg.GetDetails() : null;
    }

    /// <summary>Keeps <paramref name="leg"/> listed until its media is closed.</summary>
    private void Track(WebRtcLeg leg)
    {
        _live[leg.Id] = leg;
        _ = leg.Ended.ContinueWith(_ => _live.TryRemove(new KeyValuePair<string, WebRtcLeg>(leg.Id, leg)), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
