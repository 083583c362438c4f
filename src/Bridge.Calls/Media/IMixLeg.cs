using Bridge.Media.Mixing;

namespace Bridge.Calls.Media;

/// <summary>
/// A leg as <see cref="RoomAudio"/> and the lobbies move it: a SIP <see cref="Legs.CallLeg"/> or a browser's
/// <see cref="WebRtc.WebRtcLeg"/>. A move is one queued mixer operation (docs/architecture.md §3).
/// </summary>
internal interface IMixLeg
{
    /// <summary>True once the leg went through its release path.</summary>
    bool IsReleased { get; }

    /// <summary>The leg's current mixer membership, or null.</summary>
    MixParticipant? Participant { get; }

    /// <summary>Moves the leg into <paramref name="room"/>; null once released.</summary>
    MixParticipant? MoveTo(MixRoom room, bool hearsRoom, bool muted);
}
