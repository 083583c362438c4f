namespace Bridge.Conferencing.Pins;

/// <summary>Brute-force limits for PIN entry across calls. The defaults are the documented product behaviour.</summary>
public sealed record PinPolicyOptions
{
    /// <summary>Wrong PINs from one source (IP + From user) within <see cref="SourceWindow"/> that trigger a lockout.</summary>
    public int SourceFailureLimit { get; init; } = 5;

    /// <summary>Window for <see cref="SourceFailureLimit"/>.</summary>
    public TimeSpan SourceWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked-out source cannot enter PINs.</summary>
    public TimeSpan SourceLockout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong PINs for one room within <see cref="RoomWindow"/> that put the room in slow mode and raise an alert.</summary>
    public int RoomFailureLimit { get; init; } = 30;

    /// <summary>Window for <see cref="RoomFailureLimit"/>.</summary>
    public TimeSpan RoomWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Delay before each PIN answer while a room is in slow mode.</summary>
    public TimeSpan SlowModeDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>JSON file that keeps the counters across restarts (written atomically); null keeps them in memory only.</summary>
    public string? StateFile { get; init; }

    /// <summary>Most sources tracked at once; the oldest idle ones are dropped first.</summary>
    public int MaxTrackedSources { get; init; } = 100_000;
}
