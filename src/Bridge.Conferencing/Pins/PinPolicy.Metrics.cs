namespace Bridge.Conferencing.Pins;

/// <summary>Totals for /metrics: failed PIN checks and lockouts since start (the persisted state keeps only recent failures).</summary>
public sealed partial class PinPolicy
{
    private long _failuresTotal;
    private long _lockoutsTotal;

    /// <summary>Wrong PINs since start.</summary>
    public long FailuresTotal => Interlocked.Read(ref _failuresTotal);

    /// <summary>Lockouts (of a caller or of an address) since start.</summary>
    public long LockoutsTotal => Interlocked.Read(ref _lockoutsTotal);

    private void CountFailure(bool lockedOut)
    {
        Interlocked.Increment(ref _failuresTotal);
        if (lockedOut)
        {
            Interlocked.Increment(ref _lockoutsTotal);
        }
    }
}
