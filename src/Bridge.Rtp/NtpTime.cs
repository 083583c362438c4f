namespace Bridge.Rtp;

/// <summary>NTP timestamp arithmetic for RTCP (RFC 3550 §4, §6.4.1): 64-bit fixed point seconds since 1900.</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Converts a wallclock time to a 64-bit NTP timestamp (32.32 fixed point; wraps in 2036 as NTP does).</summary>
    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        long ticks = (time - Epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = ((ulong)(ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (16.16 fixed point), the form used by LSR, DLSR and the round-trip calculation.</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>Converts a duration to 1/65536 s units (DLSR).</summary>
    public static uint ToCompactDuration(TimeSpan duration) =>
        duration <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, duration.Ticks * 65536 / TimeSpan.TicksPerSecond);

    /// <summary>
    /// Round-trip time from a report block (§6.4.1): arrival time A minus LSR minus DLSR, all in 16.16 compact NTP.
    /// Returns false when the block echoes no SR (LSR 0) or the result is negative (clock trouble).
    /// </summary>
    public static bool TryComputeRoundTrip(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport, out TimeSpan roundTrip)
    {
        roundTrip = TimeSpan.Zero;
        if (lastSenderReport == 0)
        {
            return false;
        }

        int rtt = unchecked((int)(arrivalCompact - lastSenderReport - delaySinceLastSenderReport));
        if (rtt < 0)
        {
            return false;
        }

        roundTrip = TimeSpan.FromTicks(rtt * TimeSpan.TicksPerSecond / 65536);
        return true;
    }
}
