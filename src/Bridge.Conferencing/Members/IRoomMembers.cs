namespace Bridge.Conferencing.Members;

/// <summary>
/// What a participant may do from inside its room (issue 10: hand raise, and the moderator controls of the web page).
/// Implemented by <see cref="ConferenceService"/>: the server decides, on the conference queue, whether the asker is a
/// member of <c>room</c> and, for a moderator's action, a moderator, and whether the target is in the same room; a refused
/// action changes nothing. The web page only hides what its user may not do.
/// </summary>
public interface IRoomMembers
{
    /// <summary>
    /// Applies <paramref name="action"/> asked by the participant <paramref name="askerId"/> in <paramref name="room"/>, to
    /// <paramref name="targetId"/> (participant actions; ignored for the hand, lock, unlock and end), with
    /// <paramref name="name"/> for <see cref="MemberAction.Rename"/>. Completes once applied or refused.
    /// </summary>
    Task<MemberActionResult> ActAsync(MemberAction action, string room, string askerId, string? targetId = null, string? name = null);
}
