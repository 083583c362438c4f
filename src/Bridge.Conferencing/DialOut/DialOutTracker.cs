namespace Bridge.Conferencing.DialOut;

/// <summary>
/// The calls out of this process: at most one ringing per owner (a moderator's leg id, or <c>api:room</c> for the admin
/// API), their states for the page and <c>GET …/dialout/{id}</c>, and the answered call's leg so that pressing 1 shows as
/// <see cref="DialOutState.Joined"/>. Written on the conference queue; read also by HTTP threads, hence the lock (never
/// held across anything but these dictionaries). Keeps the last <see cref="MaxKept"/> calls.
/// </summary>
internal sealed class DialOutTracker
{
    /// <summary>Calls remembered (oldest forgotten first).</summary>
    internal const int MaxKept = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ringingByOwner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byLeg = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Records a new call out for <paramref name="owner"/>; false when the owner already has one ringing.</summary>
    public bool TryBegin(string owner, DialOutStatus status, Action<DialOutStatus>? changed)
    {
        lock (_gate)
        {
            if (_ringingByOwner.ContainsKey(owner))
            {
                return false;
            }

            _ringingByOwner[owner] = status.Id;
            _byId[status.Id] = new Entry(owner, status, changed);
            _order.Enqueue(status.Id);
            while (_order.Count > MaxKept && _order.TryDequeue(out var old))
            {
                if (_byId.Remove(old, out var gone))
                {
                    if (_ringingByOwner.TryGetValue(gone.Owner, out var ringing) && ringing == old)
                    {
                        _ringingByOwner.Remove(gone.Owner);
                    }

                    if (gone.LegId is { } leg)
                    {
                        _byLeg.Remove(leg);
                    }
                }
            }

            return true;
        }
    }

    /// <summary>The dialler's result; frees the owner for the next call out. <paramref name="legId"/>: the answered call's leg.</summary>
    public void Finish(string id, DialOutOutcome outcome, string? legId)
    {
        var state = outcome switch
        {
            DialOutOutcome.Answered => DialOutState.Answered,
            DialOutOutcome.Declined => DialOutState.Declined,
            DialOutOutcome.NoAnswer => DialOutState.NoAnswer,
            _ => DialOutState.Failed,
        };
        Entry? entry;
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out entry))
            {
                return;
            }

            if (_ringingByOwner.TryGetValue(entry.Owner, out var ringing) && ringing == id)
            {
                _ringingByOwner.Remove(entry.Owner);
            }

            if (outcome == DialOutOutcome.Answered && legId is not null)
            {
                entry.LegId = legId;
                _byLeg[legId] = id;
            }

            entry.Status = entry.Status with { State = state };
        }

        entry.Changed?.Invoke(entry.Status);
    }

    /// <summary>The invited person on leg <paramref name="legId"/> pressed 1 (<paramref name="joined"/>) or did not.</summary>
    public void InvitationAnswered(string legId, bool joined)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_byLeg.Remove(legId, out var id) || !_byId.TryGetValue(id, out entry))
            {
                return;
            }

            entry.Status = entry.Status with { State = joined ? DialOutState.Joined : DialOutState.Declined };
        }

        entry.Changed?.Invoke(entry.Status);
    }

    /// <summary>The call <paramref name="id"/> placed for <paramref name="room"/>, or null.</summary>
    public DialOutStatus? Get(string room, string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var entry) && string.Equals(entry.Status.Room, room, StringComparison.Ordinal) ? entry.Status : null;
        }
    }

    private sealed class Entry(string owner, DialOutStatus status, Action<DialOutStatus>? changed)
    {
        public string Owner { get; } = owner;

        public DialOutStatus Status { get; set; } = status;

        public Action<DialOutStatus>? Changed { get; } = changed;

        public string? LegId { get; set; }
    }
}
