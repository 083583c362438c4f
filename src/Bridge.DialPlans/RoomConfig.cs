using Bridge.DialPlans.Scheduling;

namespace Bridge.DialPlans;

/// <summary>
/// One room of the dial plan, validated when loaded and snapshotted by a room when it opens.
/// <see cref="MaxParticipants"/> 0 means no limit.
/// </summary>
public sealed record RoomConfig
{
    /// <summary>The conference number callers key in (digits).</summary>
    public required string Number { get; init; }

    /// <summary>Display name for admins.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The participant PIN.</summary>
    public required PinSecret Pin { get; init; }

    /// <summary>The moderator PIN, or null when the room has no moderators.</summary>
    public PinSecret? ModeratorPin { get; init; }

    /// <summary>Most participants at once; 0 = unlimited.</summary>
    public int MaxParticipants { get; init; }

    /// <summary>Participants wait (hearing nobody) until a moderator is in.</summary>
    public bool WaitForModerator { get; init; }

    /// <summary>
    /// Participants with the participant PIN wait in a lobby (hearing a soft tone, heard by nobody) until a moderator admits
    /// or denies them; the moderator PIN skips it.
    /// </summary>
    public bool Lobby { get; init; }

    /// <summary>The conference ends for everyone when the last moderator leaves.</summary>
    public bool EndWhenModeratorLeaves { get; init; }

    /// <summary>Play join and leave tones to the room.</summary>
    public bool AnnounceJoinLeave { get; init; }

    /// <summary>Prompt language: <c>en</c> or <c>de</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Participants (not moderators) join muted.</summary>
    public bool MuteOnJoin { get; init; }

    /// <summary>Media protection the room demands.</summary>
    public MediaPolicy Media { get; init; } = MediaPolicy.PreferSecure;

    /// <summary>
    /// When the room holds meetings. Empty: the room is always open. Otherwise callers are admitted only from
    /// <see cref="OpenEarly"/> before a meeting starts until it ends; the room hears "ends in five minutes" and is ended
    /// for everyone when the meeting's time is up.
    /// </summary>
    public IReadOnlyList<MeetingTime> Schedule { get; init; } = [];

    /// <summary>How long before a scheduled meeting starts callers may already join.</summary>
    public TimeSpan OpenEarly { get; init; } = DefaultOpenEarly;

    /// <summary>The <see cref="OpenEarly"/> of a room that does not set it.</summary>
    public static TimeSpan DefaultOpenEarly { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Where the room was defined, for messages.</summary>
    public string Source { get; init; } = string.Empty;
}
