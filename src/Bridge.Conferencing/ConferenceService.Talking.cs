using Bridge.Conferencing.Rooms;

namespace Bridge.Conferencing;

/// <summary>
/// The roster's talking indicator. The mixer thread only publishes each participant's talking state per tick (a volatile
/// flag, docs/architecture.md §3: it never calls control code); while a room with such a mixer is open, a timer posts a
/// read of those flags to the conference queue every <see cref="TalkerPollInterval"/>, and the roster is republished when
/// one changed. The talker detector's release (hundreds of milliseconds) is longer than the interval, so no talk spurt is missed.
/// </summary>
public sealed partial class ConferenceService
{
    /// <summary>How often the control side reads the mixer's talking flags.</summary>
    internal static readonly TimeSpan TalkerPollInterval = TimeSpan.FromMilliseconds(150);

    private ITimer? _talkerPoll;
    private int _talkerPollPending;

    /// <summary>Runs on the queue (after each publish): the poll runs while a room has a talker-detecting mixer.</summary>
    private void UpdateTalkerPoll()
    {
        var needed = false;
        foreach (var room in _rooms.Values)
        {
            needed |= room.DetectsTalkers;
        }

        if (needed && _talkerPoll is null)
        {
            _talkerPoll = Time.CreateTimer(static state => ((ConferenceService)state!).OnTalkerPoll(), this, TalkerPollInterval, TalkerPollInterval);
        }
        else if (!needed && _talkerPoll is { } timer)
        {
            _talkerPoll = null;
            timer.Dispose();
        }
    }

    /// <summary>Timer thread: posts one read at a time (a busy queue does not pile them up).</summary>
    private void OnTalkerPoll()
    {
        if (Interlocked.Exchange(ref _talkerPollPending, 1) == 0)
        {
            Post(RefreshTalking);
        }
    }

    private void RefreshTalking()
    {
        Volatile.Write(ref _talkerPollPending, 0);
        List<ConferenceRoom>? changed = null;
        foreach (var room in _rooms.Values)
        {
            if (room.RefreshTalking())
            {
                (changed ??= []).Add(room);
            }
        }

        if (changed is null)
        {
            return;
        }

        foreach (var room in changed)
        {
            PublishRoom(room); // only the rooms whose talkers changed
        }
    }
}
