namespace Bridge.Media.Mixing;

/// <summary>
/// The member list grows without allocating on the mixer thread: the control side, which registers every participant
/// before its join is queued (<see cref="Provision"/>), makes the larger arrays as soon as the registered participants
/// outnumber the room's capacity, and the mixer swaps them in (a copy) when its list is full. Before, the mixer thread
/// resized its arrays itself when a room passed 16, 32, 64 … members.
/// </summary>
public sealed partial class MixRoom
{
    private const int InitialCapacity = 16;
    private int _capacityProvided = InitialCapacity;
    private MemberArrays? _spare;

    /// <summary>Control side, under the rate lock: larger arrays once <paramref name="registered"/> passes the capacity.</summary>
    private void ProvideCapacity(int registered)
    {
        if (registered <= _capacityProvided)
        {
            return;
        }

        while (_capacityProvided < registered)
        {
            _capacityProvided *= 2;
        }

        Volatile.Write(ref _spare, new MemberArrays(_capacityProvided));
    }

    /// <summary>Mixer thread, the member list being full: takes the arrays the control side made (the fallback, which
    /// allocates, cannot be reached while every member was registered first).</summary>
    private void GrowMembers()
    {
        MemberArrays? spare = Interlocked.Exchange(ref _spare, null);
        if (spare is null || spare.Members.Length <= _count)
        {
            Array.Resize(ref _members, _count * 2);
            Array.Resize(ref _candidates, _count * 2);
            return;
        }

        Array.Copy(_members, spare.Members, _count);
        _members = spare.Members;
        _candidates = spare.Candidates;
    }

    /// <summary>A member list and its talker-candidate list of one capacity.</summary>
    private sealed class MemberArrays(int capacity)
    {
        internal MixParticipant[] Members { get; } = new MixParticipant[capacity];

        internal int[] Candidates { get; } = new int[capacity];
    }
}
