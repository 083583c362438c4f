namespace Bridge.Conferencing.Roster;

/// <summary>How a participant reached the room.</summary>
public enum ParticipantKind
{
    /// <summary>A SIP call (desk phone, PBX, softphone).</summary>
    Phone,

    /// <summary>A browser over WebRTC.</summary>
    Browser,
}
