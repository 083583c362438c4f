namespace Bridge.Conferencing.Rooms;

/// <summary>The room's side of the talking indicator (<see cref="ConferenceService"/>'s talker poll). Runs only on the service's queue.</summary>
internal sealed partial class ConferenceRoom
{
    /// <summary>True when the room's mixer publishes talking flags (<see cref="IRoomTalkers"/>).</summary>
    internal bool DetectsTalkers => _audio is IRoomTalkers;

    /// <summary>Reads each member's talking flag from the mixer; true when one changed since the last read.</summary>
    internal bool RefreshTalking()
    {
        if (_audio is not IRoomTalkers talkers)
        {
            return false;
        }

        var changed = false;
        foreach (var member in _members)
        {
            // A muted or waiting member's voice reaches nobody: the roster does not show it talking.
            var talking = !member.Muted && !member.Waiting && talkers.IsTalking(member.Session.Leg);
            if (talking != member.Talking)
            {
                member.Talking = talking;
                changed = true;
            }
        }

        return changed;
    }
}
