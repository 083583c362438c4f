using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>The log-stamp arithmetic the interop tests use must hold across midnight (a CI run can start at 23:50).</summary>
public sealed class LogClockTests
{
    [Fact]
    public void Between_two_stamps_across_midnight_is_the_short_way_round()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), LogClock.Between("23:59:59.000 [INF] a", "00:00:01.500 [INF] b"));
        Assert.Equal(TimeSpan.FromSeconds(-2.5), LogClock.Between("00:00:01.500 [INF] b", "23:59:59.000 [INF] a"));
        Assert.Equal(TimeSpan.FromSeconds(3), LogClock.Between("12:00:00.000 x", "12:00:03.000 y"));
    }

    [Fact]
    public void At_places_a_stamp_on_the_day_nearest_the_reference()
    {
        var beforeMidnight = new DateTime(2026, 12, 6, 23, 59, 58, DateTimeKind.Local);
        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 1, DateTimeKind.Local), LogClock.At("00:00:01.000", beforeMidnight));

        var afterMidnight = new DateTime(2026, 12, 7, 0, 0, 2, DateTimeKind.Local);
        Assert.Equal(new DateTime(2026, 12, 6, 23, 59, 59, DateTimeKind.Local), LogClock.At("23:59:59.000", afterMidnight));
        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 1, DateTimeKind.Local), LogClock.At("00:00:01.000", afterMidnight));
    }
}
