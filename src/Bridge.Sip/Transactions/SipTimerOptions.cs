namespace Bridge.Sip.Transactions;

/// <summary>RFC 3261 §17.1.1.1 / Table 4 timer base values: T1 (RTT estimate), T2 (maximum retransmit interval
/// for non-INVITE requests and INVITE responses), T4 (maximum time a message stays in the network).</summary>
public sealed record SipTimerOptions
{
    /// <summary>RTT estimate, default 500 ms.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retransmission cap, default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum message lifetime, default 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timers B, F, H, J and the 2xx give-up time: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>Timer D for unreliable transports: at least 32 s (§17.1.1.2).</summary>
    public TimeSpan TimerD => TimeSpan.FromSeconds(32) > TransactionTimeout ? TimeSpan.FromSeconds(32) : TransactionTimeout;
}
