using Bridge.Conferencing.Ivr;

namespace Bridge.Conferencing.Rooms;

/// <summary>A caller in a room, with the audio state the room last told the mixer.</summary>
internal sealed class RoomMember(CallSession session, ConferenceRole role)
{
    public CallSession Session { get; } = session;

    public ConferenceRole Role { get; } = role;

    public bool Muted { get; set; }

    public bool HearsRoom { get; set; } = true;
}
