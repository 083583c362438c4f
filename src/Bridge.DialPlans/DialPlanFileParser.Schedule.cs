using System.Globalization;
using Bridge.DialPlans.Scheduling;
using Quartz;
using YamlDotNet.RepresentationModel;

namespace Bridge.DialPlans;

/// <summary>
/// The <c>schedule</c> and <c>openEarly</c> keys of a room: recurring meetings as Quartz cron expressions, one-off
/// meetings as wall-clock starts, each with a duration and an IANA time zone (the tz database, RFC 6557).
/// </summary>
internal sealed partial class DialPlanFileParser
{
    internal static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(1);
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);
    internal static readonly TimeSpan MaxOpenEarly = TimeSpan.FromHours(2);

    private const string CronExample = "\"0 0 9 ? * MON-FRI\"";
    private const string SpanExamples = "15m, 1h or 1h30m";

    private static readonly string[] ScheduleKeys = ["cron", "start", "duration", "timeZone"];

    /// <summary>What <c>start</c> accepts: ISO 8601 calendar date and time with a space or <c>T</c>, seconds optional.</summary>
    private static readonly string[] StartFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss",
    ];

    private IReadOnlyList<MeetingTime> ParseSchedule(YamlNode node)
    {
        if (AsSequence(node, "schedule") is not { } entries)
        {
            return []; // absent or "schedule:" with nothing under it: the room is always open
        }

        var schedule = new List<MeetingTime>(entries.Children.Count);
        foreach (var entry in entries.Children)
        {
            if (ParseMeetingTime(entry) is { } meeting)
            {
                schedule.Add(meeting);
            }
        }

        return schedule;
    }

    private MeetingTime? ParseMeetingTime(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node.Start, $"a schedule entry must be a mapping such as {{ cron: {CronExample}, duration: 15m }}");
            return null;
        }

        var errorsBefore = Errors.Count;
        var kinds = new List<YamlNode>(2);
        (string Text, CronExpression Expression, YamlNode Node)? cron = null;
        (DateTime Value, string Text, YamlNode Node)? start = null;
        TimeSpan? duration = null;
        var timeZone = TimeZoneInfo.Local;

        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode, ScheduleKeys);
            switch (key)
            {
                case "cron":
                    kinds.Add(value);
                    if (Scalar(value, key) is { } cronText && Cron(cronText, value) is { } expression)
                    {
                        cron = (cronText, expression, value);
                    }

                    break;
                case "start":
                    kinds.Add(value);
                    if (Scalar(value, key) is { } startText && StartTime(startText, value) is { } startValue)
                    {
                        start = (startValue, startText, value);
                    }

                    break;
                case "duration":
                    duration = Span(value, key, MinDuration, MaxDuration);
                    break;
                case "timeZone":
                    if (Scalar(value, key) is { } id)
                    {
                        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
                        {
                            timeZone = zone;
                        }
                        else
                        {
                            Error(value.Start, $"unknown time zone '{id}': write an IANA time zone id such as Europe/Berlin, or leave 'timeZone' out for the server's own");
                        }
                    }

                    break;
            }
        }

        if (kinds.Count == 0)
        {
            Error(map.Start, $"a schedule entry needs 'cron' (recurring, e.g. cron: {CronExample}) or 'start' (one meeting, e.g. start: \"2026-12-03 14:00\")");
        }
        else if (kinds.Count > 1)
        {
            Error(kinds[1].Start, "a schedule entry has either 'cron' or 'start', not both: write the one-off meeting as its own entry");
        }

        if (!map.Children.Keys.Any(k => k is YamlScalarNode { Value: "duration" }))
        {
            Error(map.Start, "a schedule entry has no 'duration' (how long each meeting lasts, e.g. duration: 30m)");
        }

        if (Errors.Count != errorsBefore || duration is not { } length)
        {
            return null;
        }

        // A cron whose times are all past loads, like a past one-off start (a plan must not stop loading one day);
        // one that no date matches at all is a mistake. Only now is the time zone known, whatever the order of the keys.
        if (cron is { } c && c.Expression.WithTimeZone(timeZone).GetNextValidTimeAfter(DateTimeOffset.UnixEpoch) is null)
        {
            Error(c.Node.Start, $"'cron' \"{c.Text}\" never fires: no date matches it (e.g. 30 February); correct it or remove the entry");
            return null;
        }

        if (start is { } s && timeZone.IsInvalidTime(s.Value))
        {
            Error(s.Node.Start, $"'start' {s.Text} does not exist in {timeZone.Id}: the clocks skip that hour for daylight saving time; choose a time outside the gap");
            return null;
        }

        return new MeetingTime
        {
            Cron = cron?.Text,
            Start = start?.Value,
            Duration = length,
            TimeZone = timeZone,
            Source = string.Create(CultureInfo.InvariantCulture, $"{_file}:{Line(map.Start)}"),
        };
    }

    private CronExpression? Cron(string text, YamlNode node)
    {
        try
        {
            return CronExpression.Parse(text);
        }
        catch (FormatException ex)
        {
            Error(node.Start, $"'cron' is not a valid Quartz cron expression ({ex.Message}); write seconds minutes hours day-of-month month day-of-week [year], e.g. {CronExample}");
            return null;
        }
    }

    private DateTime? StartTime(string text, YamlNode node)
    {
        if (DateTime.TryParseExact(text, StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value; // Kind Unspecified: wall-clock time in the entry's time zone
        }

        Error(node.Start, $"'start' must be a date and time such as \"2026-12-03 14:00\" (yyyy-MM-dd HH:mm, optionally :ss, 'T' allowed for the space), not '{text}'");
        return null;
    }

    /// <summary>Reads <c>15m</c>, <c>1h</c>, <c>1h30m</c>, <c>90m</c> and checks it lies in [min, max].</summary>
    private TimeSpan? Span(YamlNode node, string key, TimeSpan min, TimeSpan max)
    {
        if (Scalar(node, key) is not { } text)
        {
            return null;
        }

        if (!TryParseMinutes(text, out var minutes))
        {
            Error(node.Start, $"'{key}' must be whole hours and/or minutes such as {SpanExamples} (lowercase h and m), not '{text}'");
            return null;
        }

        if (minutes < (long)min.TotalMinutes || minutes > (long)max.TotalMinutes)
        {
            Error(node.Start, $"'{key}' must be from {Describe(min)} to {Describe(max)}, not '{text}'");
            return null;
        }

        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>Hours then minutes, each optional but not both: <c>[digits h][digits m]</c>; the total in minutes.</summary>
    internal static bool TryParseMinutes(ReadOnlySpan<char> text, out long minutes)
    {
        minutes = 0;
        var h = text.IndexOf('h');
        var rest = text;
        if (h >= 0)
        {
            if (!TryParseWhole(text[..h], out var hours))
            {
                return false;
            }

            minutes = hours * 60L;
            rest = text[(h + 1)..];
        }
        else if (text.IsEmpty)
        {
            return false;
        }

        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[^1] != 'm' || !TryParseWhole(rest[..^1], out var m))
        {
            return false;
        }

        minutes += m;
        return true;
    }

    private static bool TryParseWhole(ReadOnlySpan<char> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string Describe(TimeSpan span)
    {
        var hours = (int)span.TotalHours;
        var minutes = span.Minutes;
        return (hours, minutes) switch
        {
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"{minutes}m"),
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{hours}h"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m"),
        };
    }
}
