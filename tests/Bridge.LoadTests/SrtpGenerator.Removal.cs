namespace Bridge.LoadTests;

/// <summary>Callers leaving the generator (the join storm): outside the unsafe part, which cannot await.</summary>
internal sealed partial class SrtpGenerator
{
    /// <summary>Takes <paramref name="participant"/> off and waits until neither thread can still touch it; then it may be disposed.</summary>
    public async Task RemoveAsync(SrtpParticipant participant)
    {
        int slot = participant.Slot;
        if (slot < 0)
        {
            return;
        }

        Volatile.Write(ref _slots[slot], null);
        if (participant.BridgePort > 0)
        {
            Interlocked.CompareExchange(ref _byBridgePort[participant.BridgePort], null, participant);
            Interlocked.Decrement(ref _sending);
        }

        int thread = participant.Socket % _senders.Length;
        long send = Volatile.Read(ref _sendPasses[thread]);
        long receive = Volatile.Read(ref _receivePasses);
        while (!_stopping && (Volatile.Read(ref _sendPasses[thread]) < send + 2 || Volatile.Read(ref _receivePasses) < receive + 2))
        {
            await Task.Delay(10);
        }

        participant.Slot = -1;
        lock (_free)
        {
            _free.Push(slot);
        }
    }
}
