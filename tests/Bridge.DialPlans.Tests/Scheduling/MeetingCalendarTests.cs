using Bridge.DialPlans.Scheduling;

namespace Bridge.DialPlans.Tests.Scheduling;

public sealed class MeetingCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static RoomConfig Room(TimeSpan? openEarly = null, params MeetingTime[] schedule) => new()
    {
        Number = "4713",
        Pin = PinSecret.FromDigits("975310"),
        Schedule = schedule,
        OpenEarly = openEarly ?? TimeSpan.FromMinutes(10),
    };

    private static MeetingTime Once(string start, TimeSpan duration) => new()
    {
        Start = DateTime.ParseExact(start, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        Duration = duration,
        TimeZone = Berlin,
    };

    private static MeetingTime Cron(string cron, TimeSpan duration) => new() { Cron = cron, Duration = duration, TimeZone = Berlin };

    /// <summary>Wall-clock time in Berlin as an instant.</summary>
    private static DateTimeOffset At(string local)
    {
        var wall = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(wall, Berlin.GetUtcOffset(wall));
    }

    [Fact]
    public void A_room_without_a_schedule_is_always_open_and_has_no_events()
    {
        var room = Room();

        Assert.True(MeetingCalendar.IsOpen(room, At("2026-11-28 03:00:00")));
        Assert.Null(MeetingCalendar.NextEvent(room, At("2026-11-28 03:00:00")));
    }

    [Fact]
    public void A_one_off_meeting_opens_early_warns_five_minutes_before_its_end_and_ends()
    {
        var room = Room(null, Once("2026-12-03 14:00", TimeSpan.FromHours(1)));

        Assert.False(MeetingCalendar.IsOpen(room, At("2026-12-03 13:49:59")));
        Assert.True(MeetingCalendar.IsOpen(room, At("2026-12-03 13:50:00")));
        Assert.True(MeetingCalendar.IsOpen(room, At("2026-12-03 14:59:59")));
        Assert.False(MeetingCalendar.IsOpen(room, At("2026-12-03 15:00:00")));

        Assert.Equal(new MeetingEvent(At("2026-12-03 14:55:00"), MeetingEventKind.EndingSoon), MeetingCalendar.NextEvent(room, At("2026-12-01 08:00:00")));
        Assert.Equal(new MeetingEvent(At("2026-12-03 15:00:00"), MeetingEventKind.End), MeetingCalendar.NextEvent(room, At("2026-12-03 14:55:00")));
        Assert.Null(MeetingCalendar.NextEvent(room, At("2026-12-03 15:00:00")));
    }

    [Fact]
    public void A_weekday_cron_meeting_is_open_on_weekdays_only_and_the_next_event_skips_the_weekend()
    {
        var room = Room(TimeSpan.FromMinutes(5), Cron("0 0 9 ? * MON-FRI", TimeSpan.FromMinutes(15)));

        Assert.True(MeetingCalendar.IsOpen(room, At("2026-11-27 09:05:00"))); // a Friday
        Assert.True(MeetingCalendar.IsOpen(room, At("2026-11-27 08:55:00")));
        Assert.False(MeetingCalendar.IsOpen(room, At("2026-11-27 08:54:59")));
        Assert.False(MeetingCalendar.IsOpen(room, At("2026-11-28 09:05:00"))); // Saturday

        Assert.Equal(new MeetingEvent(At("2026-11-30 09:10:00"), MeetingEventKind.EndingSoon), MeetingCalendar.NextEvent(room, At("2026-11-28 09:05:00")));
        Assert.Equal(At("2026-11-27 09:15:00"), MeetingCalendar.WindowEnd(room, At("2026-11-27 09:05:00")));
    }

    [Fact]
    public void Cron_times_follow_the_time_zone_across_the_change_to_summer_time()
    {
        var room = Room(TimeSpan.Zero, Cron("0 0 9 ? * MON-FRI", TimeSpan.FromMinutes(15)));

        // Friday 27 March 2026 is still CET (UTC+1); Monday 30 March is CEST (UTC+2): 09:00 local both times.
        var friday = MeetingCalendar.NextEvent(room, DateTimeOffset.Parse("2026-03-27T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var monday = MeetingCalendar.NextEvent(room, DateTimeOffset.Parse("2026-03-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse("2026-03-27T08:10:00Z", System.Globalization.CultureInfo.InvariantCulture), friday!.Value.At);
        Assert.Equal(DateTimeOffset.Parse("2026-03-30T07:10:00Z", System.Globalization.CultureInfo.InvariantCulture), monday!.Value.At);
    }

    [Fact]
    public void Meetings_that_follow_each_other_make_one_window_so_nobody_is_cut_off_in_between()
    {
        var room = Room(
            TimeSpan.FromMinutes(10),
            Once("2026-12-03 09:00", TimeSpan.FromMinutes(15)),
            Once("2026-12-03 09:20", TimeSpan.FromMinutes(15)), // opens 09:10, before the first ends
            Once("2026-12-03 11:00", TimeSpan.FromMinutes(30)));

        Assert.Equal(At("2026-12-03 09:35:00"), MeetingCalendar.WindowEnd(room, At("2026-12-03 09:05:00")));
        Assert.Equal(new MeetingEvent(At("2026-12-03 09:30:00"), MeetingEventKind.EndingSoon), MeetingCalendar.NextEvent(room, At("2026-12-03 09:05:00")));
        Assert.Equal(new MeetingEvent(At("2026-12-03 09:35:00"), MeetingEventKind.End), MeetingCalendar.NextEvent(room, At("2026-12-03 09:30:00")));
        Assert.Equal(new MeetingEvent(At("2026-12-03 11:25:00"), MeetingEventKind.EndingSoon), MeetingCalendar.NextEvent(room, At("2026-12-03 09:35:00")));
    }

    [Fact]
    public void A_window_shorter_than_the_warning_gets_only_its_end()
    {
        var room = Room(TimeSpan.Zero, Once("2026-12-03 09:00", TimeSpan.FromMinutes(3)));

        Assert.Equal(new MeetingEvent(At("2026-12-03 09:03:00"), MeetingEventKind.End), MeetingCalendar.NextEvent(room, At("2026-12-03 08:00:00")));
    }

    [Fact]
    public void A_room_that_never_closes_within_the_horizon_is_open_with_nothing_to_plan()
    {
        var room = Room(null, Cron("0 * * ? * *", TimeSpan.FromHours(2)));

        Assert.True(MeetingCalendar.IsOpen(room, At("2026-11-28 03:00:00")));
        Assert.Null(MeetingCalendar.WindowEnd(room, At("2026-11-28 03:00:00")));
        Assert.Null(MeetingCalendar.NextEvent(room, At("2026-11-28 03:00:00")));
    }
}
