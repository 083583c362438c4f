using Bridge.DialPlans.Scheduling;

namespace Bridge.DialPlans.Tests;

/// <summary>The <c>schedule</c> and <c>openEarly</c> keys of a room load into <see cref="RoomConfig"/>.</summary>
public sealed class ScheduleParsingTests
{
    private const string Plan = """
        routes:
          - dialled: "conf"
            ask: room
        rooms:
          - number: "4713"
            pin: "975310"
            openEarly: 1h15m
            schedule:
              - cron: "0 0 9 ? * MON-FRI"
                duration: 15m
                timeZone: Europe/Berlin
              - start: "2026-12-03 14:00"
                duration: 1h30m
          - number: "4714"
            pin: "975311"
        """;

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void BothEntryKindsLoadWithTheirValues()
    {
        var result = DialPlanLoader.LoadText(Plan, "scheduled.yaml");

        Assert.Empty(result.Errors);
        Assert.True(result.Plan!.TryGetRoom("4713", out var room));
        Assert.Equal(TimeSpan.FromMinutes(75), room.OpenEarly);
        Assert.Equal(2, room.Schedule.Count);

        var weekly = room.Schedule[0];
        Assert.Equal("0 0 9 ? * MON-FRI", weekly.Cron);
        Assert.Null(weekly.Start);
        Assert.Equal(TimeSpan.FromMinutes(15), weekly.Duration);
        Assert.Equal("Europe/Berlin", weekly.TimeZone.Id);
        Assert.Equal("scheduled.yaml:9", weekly.Source);

        var once = room.Schedule[1];
        Assert.Null(once.Cron);
        Assert.Equal(new DateTime(2026, 12, 3, 14, 0, 0), once.Start);
        Assert.Equal(DateTimeKind.Unspecified, once.Start!.Value.Kind);
        Assert.Equal(TimeSpan.FromMinutes(90), once.Duration);
        Assert.Same(TimeZoneInfo.Local, once.TimeZone);
        Assert.Equal("scheduled.yaml:12", once.Source);
    }

    [Fact]
    public void ScheduledExampleHasAWeekdayStandUpAndAOneOffTownHall()
    {
        var plan = DialPlanLoader.Load(Path.Combine(RepoPaths.DialPlans, "examples", "scheduled.yaml")).Plan!;

        Assert.True(plan.TryGetRoom("100", out var standUp));
        Assert.Equal(TimeSpan.FromMinutes(5), standUp.OpenEarly);
        var daily = Assert.Single(standUp.Schedule);
        Assert.Equal("0 0 9 ? * MON-FRI", daily.Cron);
        Assert.Equal(TimeSpan.FromMinutes(15), daily.Duration);
        Assert.Equal(Berlin.Id, daily.TimeZone.Id);
        Assert.Equal("100", plan.Match("6100").RoomNumber);

        Assert.True(plan.TryGetRoom("200", out var townHall));
        Assert.Equal(TimeSpan.FromMinutes(10), townHall.OpenEarly);
        Assert.Equal(
            [(new DateTime(2026, 12, 2, 16, 0, 0), TimeSpan.FromMinutes(45)), (new DateTime(2026, 12, 3, 14, 0, 0), TimeSpan.FromMinutes(90))],
            townHall.Schedule.Select(m => (m.Start!.Value, m.Duration)));
    }

    [Fact]
    public void RoomWithoutScheduleIsAlwaysOpenWithTheDefaultOpenEarly()
    {
        var plan = DialPlanLoader.LoadText(Plan).Plan!;

        Assert.True(plan.TryGetRoom("4714", out var room));
        Assert.Empty(room.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(10), room.OpenEarly);
    }

    [Fact]
    public void EmptyScheduleAndZeroOpenEarlyAreAccepted()
    {
        var result = DialPlanLoader.LoadText("""
            routes:
              - dialled: "4715"
                room: "4715"
            rooms:
              - number: "4715"
                pin: "975312"
                openEarly: 0m
                schedule:
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.Plan!.TryGetRoom("4715", out var room));
        Assert.Empty(room.Schedule);
        Assert.Equal(TimeSpan.Zero, room.OpenEarly);
    }

    [Theory]
    [InlineData("2026-12-03 14:00", 0)]
    [InlineData("2026-12-03T14:00", 0)]
    [InlineData("2026-12-03 14:00:30", 30)]
    [InlineData("2026-12-03T14:00:30", 30)]
    public void StartAcceptsSpaceOrTAndOptionalSeconds(string start, int seconds)
    {
        var meeting = SingleMeeting($"start: \"{start}\"\n        duration: 1h\n        timeZone: Europe/Berlin");

        Assert.Equal(new DateTime(2026, 12, 3, 14, 0, seconds, DateTimeKind.Unspecified), meeting.Start);
        Assert.Equal(Berlin.Id, meeting.TimeZone.Id);
    }

    [Theory]
    [InlineData("0 0 9 ? * MON-FRI")]
    [InlineData("0 30 14 ? * MON")]
    [InlineData("0 0 10 ? * MON#1")]
    public void CronExamplesOfTheReadmeLoadAsWritten(string cron)
    {
        var meeting = SingleMeeting($"cron: \"{cron}\"\n        duration: 30m");

        Assert.Equal(cron, meeting.Cron);
        Assert.Null(meeting.Start);
    }

    [Fact]
    public void StartInThePastIsKept()
    {
        var meeting = SingleMeeting("start: \"2001-01-01 10:00\"\n        duration: 1h");

        Assert.Equal(new DateTime(2001, 1, 1, 10, 0, 0), meeting.Start);
    }

    [Fact]
    public void StartInTheFallBackHourIsAccepted()
    {
        // 02:30 happens twice in Berlin that night; it exists, so it is not an error.
        var meeting = SingleMeeting("start: \"2026-10-25 02:30\"\n        duration: 1h\n        timeZone: Europe/Berlin");

        Assert.True(Berlin.IsAmbiguousTime(meeting.Start!.Value));
    }

    [Theory]
    [InlineData("15m", 15)]
    [InlineData("1h", 60)]
    [InlineData("1h30m", 90)]
    [InlineData("90m", 90)]
    [InlineData("24h", 1440)]
    [InlineData("1m", 1)]
    public void DurationFormats(string text, int minutes)
    {
        var meeting = SingleMeeting($"cron: \"0 0 9 ? * MON-FRI\"\n        duration: {text}");

        Assert.Equal(TimeSpan.FromMinutes(minutes), meeting.Duration);
    }

    [Theory]
    [InlineData("0m", 0L)]
    [InlineData("2h", 120L)]
    [InlineData("0h5m", 5L)]
    [InlineData("05m", 5L)]
    public void SpanTextIsReadAsHoursThenMinutes(string text, long minutes)
    {
        Assert.True(DialPlanFileParser.TryParseMinutes(text, out var result));
        Assert.Equal(minutes, result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("m")]
    [InlineData("hm")]
    [InlineData("15")]
    [InlineData("15M")]
    [InlineData("1H")]
    [InlineData("1.5h")]
    [InlineData("1h 30m")]
    [InlineData(" 15m")]
    [InlineData("30m1h")]
    [InlineData("1h30")]
    [InlineData("-5m")]
    [InlineData("+5m")]
    [InlineData("1d")]
    [InlineData("99999999999m")]
    public void SpanTextRejectsAnythingElse(string text)
    {
        Assert.False(DialPlanFileParser.TryParseMinutes(text, out _));
    }

    [Fact]
    public void A_cron_whose_times_are_all_past_loads_like_a_past_start()
    {
        // A plan must not stop loading one day because a meeting series ended.
        var meeting = SingleMeeting("cron: \"0 0 9 ? * MON-FRI 2001\"\n        duration: 15m");

        Assert.Equal("0 0 9 ? * MON-FRI 2001", meeting.Cron);
    }

    private static MeetingTime SingleMeeting(string entry)
    {
        var result = DialPlanLoader.LoadText($"""
            routes:
              - dialled: "4711"
                room: "4711"
            rooms:
              - number: "4711"
                pin: "246810"
                schedule:
                  - {entry}
            """);

        Assert.Empty(result.Errors);
        Assert.True(result.Plan!.TryGetRoom("4711", out var room));
        return Assert.Single(room.Schedule);
    }
}
