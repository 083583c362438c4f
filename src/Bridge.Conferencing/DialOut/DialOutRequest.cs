using Bridge.DialPlans.Trunks;

namespace Bridge.Conferencing.DialOut;

/// <summary>One call out: <see cref="Number"/> (already allowed by <see cref="Trunk"/>'s <c>dialOut.allow</c>) is called
/// through <see cref="Trunk"/> and invited into room <see cref="RoomNumber"/>. <see cref="Completed"/> is called once.</summary>
public sealed record DialOutRequest(string Number, TrunkConfig Trunk, string RoomNumber, Action<DialOutOutcome> Completed)
{
    /// <summary>A short id for logs, shared by the moderator's and the dialler's lines.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The leg of the answered call, set by the dialler before it reports <see cref="DialOutOutcome.Answered"/>.</summary>
    public string? LegId { get; set; }

    /// <summary>Never the full number.</summary>
    public override string ToString() => $"dial-out {Id} to {CallerSource.Mask(Number)} via {Trunk.Name} for room {RoomNumber}";
}
