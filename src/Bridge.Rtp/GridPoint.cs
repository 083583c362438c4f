namespace Bridge.Rtp;

/// <summary>Instants on a grid of a clock's timestamps, so timers of many sessions come due together (issue 14).</summary>
internal static class GridPoint
{
    /// <summary>Time from now on <paramref name="time"/> to the first multiple of <paramref name="grid"/> at least <paramref name="atLeast"/> away.</summary>
    public static TimeSpan Until(TimeProvider time, TimeSpan atLeast, TimeSpan grid)
    {
        long step = Math.Max(1, grid.Ticks);
        long timestamp = time.GetTimestamp();
        long frequency = time.TimestampFrequency;
        long now = (timestamp / frequency * TimeSpan.TicksPerSecond) + (timestamp % frequency * TimeSpan.TicksPerSecond / frequency);
        long earliest = now + Math.Max(0, atLeast.Ticks);
        long point = (earliest + step - 1) / step * step;
        return TimeSpan.FromTicks(point - now);
    }
}
