namespace Bridge.Conferencing;

/// <summary>IVR timing and limits. The defaults are the product's documented behaviour.</summary>
public sealed record ConferenceOptions
{
    /// <summary>Language for prompts before a room is known.</summary>
    public string DefaultLanguage { get; init; } = "en";

    /// <summary>No input for this long repeats the prompt once, then the call ends.</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wrong PINs allowed per call.</summary>
    public int MaxPinAttempts { get; init; } = 3;

    /// <summary>Unknown conference numbers allowed per call.</summary>
    public int MaxRoomAttempts { get; init; } = 3;

    /// <summary>Echo test delay.</summary>
    public TimeSpan EchoDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The echo test hangs up after this long.</summary>
    public TimeSpan EchoMaxDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>In a room, a <c>*</c> waits this long for the command digit.</summary>
    public TimeSpan StarCommandTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest entry kept; further digits make the entry wrong.</summary>
    public int MaxEntryLength { get; init; } = 32;

    /// <summary>PIN hash checks (PBKDF2) that may run at once across all calls; default half the cores, at least one.</summary>
    public int MaxConcurrentPinChecks { get; init; } = Pins.PinCheckLimiter.DefaultConcurrency;

    /// <summary>PIN hash checks that may wait for a slot; an attempt beyond them hears "not possible" without a check.</summary>
    public int MaxWaitingPinChecks { get; init; } = 32;

    /// <summary>Runs slow work (PBKDF2 PIN checks) off the control queue; tests substitute a manual runner.</summary>
    internal Action<Action> RunInBackground { get; init; } = static work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
}
