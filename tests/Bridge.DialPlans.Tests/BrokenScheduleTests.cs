namespace Bridge.DialPlans.Tests;

/// <summary>Each broken <c>schedule</c> or <c>openEarly</c> gives one specific error at the offending text.</summary>
public sealed class BrokenScheduleTests
{
    private const string Room = "rooms:\n  - number: \"4711\"\n    pin: \"246810\"\n";
    private const string Schedule = Room + "    schedule:\n";
    private const string Weekdays = "      - cron: \"0 0 9 ? * MON-FRI\"\n";

    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        {
            "neither cron nor start",
            Schedule + "      - duration: 15m\n",
            5, 9, "a schedule entry needs 'cron' (recurring"
        },
        {
            "both cron and start",
            Schedule + Weekdays + "        start: \"2026-12-03 14:00\"\n        duration: 15m\n",
            6, 16, "either 'cron' or 'start', not both"
        },
        {
            "cron with a minute out of range (library reason in the message)",
            Schedule + "      - cron: \"0 61 9 ? * MON\"\n        duration: 15m\n",
            5, 15, "'cron' is not a valid Quartz cron expression (Minute and Second values must be between 0 and 59)"
        },
        {
            "cron in five-field crontab form",
            Schedule + "      - cron: \"0 9 * * 1\"\n        duration: 15m\n",
            5, 15, "has 5 fields, which is the Unix/crontab form"
        },
        {
            "cron naming a day that does not exist",
            Schedule + "      - cron: \"0 0 9 30 2 ?\"\n        duration: 15m\n",
            5, 15, "'cron' \"0 0 9 30 2 ?\" never fires: no date matches it"
        },
        {
            "start in a German date format",
            Schedule + "      - start: \"03.12.2026 14:00\"\n        duration: 1h\n",
            5, 16, "'start' must be a date and time such as \"2026-12-03 14:00\""
        },
        {
            "start without a time",
            Schedule + "      - start: \"2026-12-03\"\n        duration: 1h\n",
            5, 16, "not '2026-12-03'"
        },
        {
            "start in the spring-forward gap",
            Schedule + "      - start: \"2026-03-29 02:30\"\n        duration: 1h\n        timeZone: Europe/Berlin\n",
            5, 16, "'start' 2026-03-29 02:30 does not exist in Europe/Berlin"
        },
        {
            "start in the gap, time zone written first",
            Schedule + "      - timeZone: Europe/Berlin\n        duration: 1h\n        start: 2026-03-29T02:00\n",
            7, 16, "does not exist in Europe/Berlin"
        },
        {
            "missing duration",
            Schedule + Weekdays,
            5, 9, "a schedule entry has no 'duration'"
        },
        {
            "duration 0m",
            Schedule + Weekdays + "        duration: 0m\n",
            6, 19, "'duration' must be from 1m to 24h, not '0m'"
        },
        {
            "duration 25h",
            Schedule + Weekdays + "        duration: 25h\n",
            6, 19, "'duration' must be from 1m to 24h, not '25h'"
        },
        {
            "duration 1.5h",
            Schedule + Weekdays + "        duration: 1.5h\n",
            6, 19, "'duration' must be whole hours and/or minutes such as 15m, 1h or 1h30m (lowercase h and m), not '1.5h'"
        },
        {
            "duration without a unit",
            Schedule + Weekdays + "        duration: 30\n",
            6, 19, "not '30'"
        },
        {
            "duration as a list",
            Schedule + Weekdays + "        duration: [15m]\n",
            6, 19, "'duration' must be a single value, not a list"
        },
        {
            "openEarly 3h",
            Room + "    openEarly: 3h\n",
            4, 16, "'openEarly' must be from 0m to 2h, not '3h'"
        },
        {
            "openEarly in seconds",
            Room + "    openEarly: 30s\n",
            4, 16, "'openEarly' must be whole hours and/or minutes"
        },
        {
            "unknown time zone",
            Schedule + Weekdays + "        duration: 15m\n        timeZone: Mars/Olympus\n",
            7, 19, "unknown time zone 'Mars/Olympus': write an IANA time zone id such as Europe/Berlin"
        },
        {
            "unknown key inside an entry",
            Schedule + Weekdays + "        duration: 15m\n        room: \"4711\"\n",
            7, 9, "unknown key 'room' (allowed here: cron, start, duration, timeZone)"
        },
        {
            "misspelt timeZone",
            Schedule + Weekdays + "        duration: 15m\n        timezone: Europe/Berlin\n",
            7, 9, "unknown key 'timezone'"
        },
        {
            "schedule not a list",
            Room + "    schedule: \"0 0 9 ? * MON-FRI\"\n",
            4, 15, "'schedule' must be a list"
        },
        {
            "schedule entry not a mapping",
            Schedule + "      - \"0 0 9 ? * MON-FRI\"\n",
            5, 9, "a schedule entry must be a mapping"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BrokenScheduleGivesSpecificErrorWithPosition(string name, string yaml, int line, int column, string fragment)
    {
        var result = DialPlanLoader.LoadText(yaml, "broken.yaml");

        Assert.Null(result.Plan);
        var error = Assert.Single(result.Errors);
        Assert.Equal("broken.yaml", error.File);
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{name}: {error}");
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void EveryBrokenEntryOfARoomIsReported()
    {
        var result = DialPlanLoader.LoadText("""
            rooms:
              - number: "4711"
                pin: "246810"
                openEarly: 1d
                schedule:
                  - cron: "0 0 9 ? * MON-FRI"
                    duration: 15
                  - start: "2026-12-03 14:00"
                    duration: 1h
                    timeZone: Nowhere/City
            """, "many.yaml");

        Assert.Equal([4, 7, 10], result.Errors.Select(e => e.Line));
    }
}
