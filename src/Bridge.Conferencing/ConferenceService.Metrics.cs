using Bridge.Conferencing.Metrics;

namespace Bridge.Conferencing;

/// <summary>The conference's figures for /metrics: open rooms, participants, PIN failures and lockouts.</summary>
public sealed partial class ConferenceService : IMetricsSource
{
    /// <inheritdoc />
    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var rooms = Rooms;
        var participants = 0;
        var locked = 0;
        foreach (var room in rooms)
        {
            participants += room.Participants;
            locked += room.Locked ? 1 : 0;
        }

        writer.Family("bridge_rooms", MetricType.Gauge, "Rooms open now.").Sample(rooms.Count);
        writer.Family("bridge_rooms_locked", MetricType.Gauge, "Open rooms that are locked.").Sample(locked);
        writer.Family("bridge_participants", MetricType.Gauge, "Participants in open rooms.").Sample(participants);
        writer.Family("bridge_pin_failures_total", MetricType.Counter, "Wrong PINs entered since start.").Sample(Pins.FailuresTotal);
        writer.Family("bridge_pin_lockouts_total", MetricType.Counter, "PIN lockouts (caller or address) since start.").Sample(Pins.LockoutsTotal);
    }
}
