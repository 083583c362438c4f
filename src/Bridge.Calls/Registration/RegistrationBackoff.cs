namespace Bridge.Calls.Registration;

/// <summary>
/// Waiting after failed registrations, as RFC 5626 §4.5 has it for flow recovery: after <c>n</c> consecutive failures
/// wait a random time between 50 % and 100 % of <c>min(Max, Base × 2^n)</c>, so many bridges behind one PBX do not
/// retry in step and a registrar that never answers sees no busy loop.
/// </summary>
public sealed record RegistrationBackoff
{
    /// <summary>RFC 5626 §4.5 base-time when all flows failed: 30 s.</summary>
    public TimeSpan Base { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>RFC 5626 §4.5 max-time: 1800 s.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>The wait after <paramref name="failures"/> (≥ 1) consecutive failures; <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan After(int failures, double random)
    {
        var exponent = Math.Clamp(failures, 1, 30);
        var ceiling = Math.Min(Max.TotalSeconds, Base.TotalSeconds * Math.Pow(2, exponent - 1));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (0.5 * Math.Clamp(random, 0, 1))));
    }

    /// <summary>When to refresh a binding granted for <paramref name="granted"/>: at 80 % of it, at least 5 s before it ends
    /// when it is long enough (RFC 3261 §10.2.4 leaves the margin to the UA).</summary>
    public static TimeSpan Refresh(TimeSpan granted)
    {
        var early = granted * 0.8;
        var margin = granted - TimeSpan.FromSeconds(5);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Min(early.TotalSeconds, Math.Max(margin.TotalSeconds, granted.TotalSeconds / 2))));
    }
}
