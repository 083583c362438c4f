using Bridge.Conferencing.Metrics;

namespace Bridge.Service.Metrics;

/// <summary>
/// The trunks' registrations at their PBX (issue 12, RFC 3261 §10.2) for /metrics: <c>bridge_registration_state{trunk}</c> is 1
/// while the trunk is registered and 0 while its registration is failing (the reason is in the log), and
/// <c>bridge_registrations</c> counts the trunks that register, so an alert can fire on <c>bridge_registration_state == 0</c>.
/// A trunk whose first attempt has not ended yet is not listed.
/// </summary>
/// <param name="states">The current states by trunk (<c>registered</c> or <c>failed: …</c>); null before the registrations started.</param>
internal sealed class RegistrationMetricsSource(Func<IReadOnlyDictionary<string, string>?> states) : IMetricsSource
{
    /// <summary>The state a registration that holds is reported in (<see cref="Calls.Registration.TrunkRegistrations.States"/>).</summary>
    public const string Registered = "registered";

    /// <inheritdoc />
    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var now = states() ?? new Dictionary<string, string>();
        writer.Family("bridge_registrations", MetricType.Gauge, "Trunks registering at their PBX that have a state (registered or failing).").Sample(now.Count);
        writer.Family("bridge_registration_state", MetricType.Gauge, "1 while the trunk is registered at its PBX, 0 while its registration fails.");
        foreach (var (trunk, state) in now.OrderBy(static s => s.Key, StringComparer.Ordinal))
        {
            writer.Sample(state == Registered ? 1 : 0, ("trunk", trunk));
        }
    }
}
