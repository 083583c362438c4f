using Bridge.Conferencing.Ivr;

namespace Bridge.Conferencing.Rooms;

/// <summary>A caller in a room, with the audio state the room last told the mixer and what the roster shows of it.</summary>
internal sealed class RoomMember(CallSession session, ConferenceRole role)
{
    public CallSession Session { get; } = session;

    public ConferenceRole Role { get; } = role;

    public bool Muted { get; set; }

    public bool HearsRoom { get; set; } = true;

    /// <summary>The mixer's talker detection, as last read by the control side (<see cref="ConferenceRoom.RefreshTalking"/>).</summary>
    public bool Talking { get; set; }

    public bool HandRaised { get; set; }

    /// <summary>In the lobby: not heard, hears no room, until a moderator admits or denies it.</summary>
    public bool Waiting { get; set; }

    /// <summary>A name a moderator gave a phone (display only), or null.</summary>
    public string? DisplayName { get; set; }

    /// <summary>When the roster first showed this member (set by the first publish that lists it).</summary>
    public DateTimeOffset? JoinedAt { get; set; }

    /// <summary>A phone's roster label (<c>Phone ***123</c>), made once.</summary>
    public string? PhoneLabel { get; set; }
}
