namespace Bridge.Conferencing.Browser;

/// <summary>Implemented by a browser participant: why it ended (<see cref="LegEndReason.Other"/> until the room gave a reason).</summary>
public interface IBrowserEndReason
{
    /// <summary>Why the room ended the participant; read once <see cref="IBrowserParticipant.Ended"/> has completed.</summary>
    LegEndReason EndReason { get; }
}
