namespace Bridge.Media.Mixing;

/// <summary>
/// One queued change of a room's membership, applied by the room's mixer thread at the start of a tick (pjmedia
/// conference's idea): a join, a leave, or a move (leave this room, then admit <see cref="Next"/> to its room).
/// </summary>
/// <param name="Participant">Who joins or leaves.</param>
/// <param name="Join">True for a join; false for a leave or move.</param>
/// <param name="Next">For a move: the participant that replaces <paramref name="Participant"/> in another room.</param>
internal readonly record struct MembershipChange(MixParticipant Participant, bool Join, MixParticipant? Next = null);
