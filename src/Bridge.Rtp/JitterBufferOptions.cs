namespace Bridge.Rtp;

/// <summary>Configuration of a <see cref="JitterBuffer"/>.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Lowest target delay (default 20 ms).</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Highest target delay (default 200 ms).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Target before anything has been measured (default 40 ms).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// Packet slots, a power of two (default 32: 640 ms of 20 ms packets, 320 ms of 10 ms ones; more than the highest
    /// delay, with room for what arrives ahead of it in a burst). Each slot costs its payload size and 21 bytes of
    /// bookkeeping per call (64 slots were 1.28 s, 6 KB more per G.711 participant, for packets the delay never keeps).
    /// </summary>
    public int Capacity { get; init; } = 32;

    /// <summary>
    /// Bytes per slot at the start (default 256); slots grow once, to the next power of two, when a larger payload arrives.
    /// A G.711 leg gives its 20 ms frame, 160 octets: 64 slots of 160 are 10 KB per call instead of 16 KB.
    /// </summary>
    public int InitialSlotSize { get; init; } = 256;

    /// <summary>Largest payload kept (default 1500 bytes); larger packets are dropped.</summary>
    public int MaxPayloadSize { get; init; } = 1500;
}
