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

    /// <summary>
    /// Wrong PINs for one room within <see cref="RoomWindow"/> that put the room under attack: slow PIN answers, participant PINs
    /// refused from new sources, and an alert.
    /// </summary>
    public int RoomFailureLimit { get; init; } = 30;

    /// <summary>Window for <see cref="RoomFailureLimit"/>.</summary>
    public TimeSpan RoomWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Delay before each PIN answer while a room is in slow mode.</summary>
    public TimeSpan SlowModeDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>JSON file that keeps the counters across restarts (written atomically); null keeps them in memory only.</summary>
    public string? StateFile { get; init; }

    /// <summary>
    /// Wrong PINs from one IP address, across all From users, within <see cref="AddressWindow"/> that stop PIN checks from that
    /// address for <see cref="AddressLockout"/> (an attacker chooses the From user; the address is harder to change).
    /// </summary>
    public int AddressFailureLimit { get; init; } = 20;

    /// <summary>Window for <see cref="AddressFailureLimit"/>.</summary>
    public TimeSpan AddressWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long an address over <see cref="AddressFailureLimit"/> gets no PIN checks (callers hear the lockout).</summary>
    public TimeSpan AddressLockout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Addresses of PBXs that carry many callers (declared trunks): the per-address limit does not apply to them; their callers
    /// are counted per caller identity (From user) only, so one guessing caller behind the PBX cannot lock the whole PBX out.
    /// </summary>
    public IReadOnlySet<System.Net.IPAddress> TrustedPbxAddresses { get; init; } = new HashSet<System.Net.IPAddress>();

    /// <summary>
    /// While a room is under attack (<see cref="RoomFailureLimit"/> reached), participant PINs are refused from sources that did
    /// not enter a right PIN for that room within this long; the moderator PIN keeps working.
    /// </summary>
    public TimeSpan KnownSourceMemory { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Most known sources remembered per room; the oldest are forgotten first.</summary>
    public int MaxKnownSourcesPerRoom { get; init; } = 1000;

    /// <summary>Most sources tracked at once; the oldest idle ones are dropped first.</summary>
    public int MaxTrackedSources { get; init; } = 100_000;
}
