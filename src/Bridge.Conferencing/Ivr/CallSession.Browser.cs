using Bridge.Conferencing.Rooms;
using Bridge.DialPlans;

namespace Bridge.Conferencing.Ivr;

/// <summary>
/// A browser participant's session: its PIN was checked on the web page (<see cref="ConferenceService.CheckBrowserPinAsync"/>),
/// so it goes straight into the room with the role the PIN opened, without the IVR and without spoken prompts.
/// </summary>
internal sealed partial class CallSession
{
    /// <summary>Admits the leg to <paramref name="room"/> as <paramref name="role"/>; anything but Admitted ends the session.</summary>
    internal AdmitResult StartInRoom(RoomConfig room, ConferenceRole role)
    {
        _room = room;
        _language = room.Language;
        ConferenceLog.CallStarted(_service.Logger, Leg.Id, Leg.Source.MaskedUser, RouteDecisionKind.Room);
        var result = _service.Admit(this, room, role, out var joined);
        if (result != AdmitResult.Admitted)
        {
            if (result == AdmitResult.NotOpen)
            {
                ConferenceLog.NotOpen(_service.Logger, Leg.Id, room.Number);
            }

            Finish("not admitted: " + result);
            return result;
        }

        _phase = CallPhase.InRoom;
        Role = role;
        Room = joined;
        ConferenceLog.Joined(_service.Logger, Leg.Id, room.Number, role);
        return result;
    }

    /// <summary>Self-mute from the web page; false when not in a room.</summary>
    internal bool SetSelfMuted(bool muted) => _phase == CallPhase.InRoom && Room is { } room && room.SetMuted(this, muted);
}
