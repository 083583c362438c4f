using System.Runtime.CompilerServices;
using Quartz;

namespace Bridge.DialPlans.Scheduling;

/// <summary>
/// Reads a room's schedule: whether callers may join at a moment, and the next moment something happens to the room
/// ("ends in five minutes", the end). A meeting starting at s with duration d opens the room over
/// [s − openEarly, s + d); meetings whose open times overlap or touch make one window, so an early caller of the
/// next meeting is not thrown out when the previous one ends. Pure: time is always passed in.
/// </summary>
public static class MeetingCalendar
{
    /// <summary>How long before the end of a window the room hears "the conference will end in five minutes".</summary>
    public static readonly TimeSpan Warning = TimeSpan.FromMinutes(5);

    /// <summary>A window that reaches further than this is treated as having no end we can plan for.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    private const int MaxSteps = 10_000;
    private static readonly ConditionalWeakTable<MeetingTime, CronExpression> Crons = [];

    /// <summary>True when callers may join <paramref name="room"/> at <paramref name="at"/>: it has no schedule, or a window is open.</summary>
    public static bool IsOpen(RoomConfig room, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (room.Schedule.Count == 0)
        {
            return true;
        }

        foreach (var meeting in room.Schedule)
        {
            if (StartOpenAt(meeting, room.OpenEarly, at) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When the window open at <paramref name="at"/> ends; null when the room is closed then, has no schedule, or stays
    /// open beyond <see cref="Horizon"/>.
    /// </summary>
    public static DateTimeOffset? WindowEnd(RoomConfig room, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(room);
        DateTimeOffset? end = null;
        var probe = at;
        for (var step = 0; step < MaxSteps; step++)
        {
            // Any meeting open at the probe moves the end to its own end; stop when none does.
            DateTimeOffset? next = null;
            foreach (var meeting in room.Schedule)
            {
                if (StartOpenAt(meeting, room.OpenEarly, probe) is { } start)
                {
                    var meetingEnd = start + meeting.Duration;
                    if (next is null || meetingEnd > next)
                    {
                        next = meetingEnd;
                    }
                }
            }

            if (next is null)
            {
                return end;
            }

            end = next;
            probe = next.Value;
            if (probe - at > Horizon)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The first event strictly after <paramref name="after"/>: the warning five minutes before a window ends (when
    /// the room is open at that moment) or the window's end. Null when the schedule holds nothing more to plan.
    /// </summary>
    public static MeetingEvent? NextEvent(RoomConfig room, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (room.Schedule.Count == 0)
        {
            return null;
        }

        var at = after;
        for (var step = 0; step < MaxSteps && at - after <= Horizon; step++)
        {
            if (WindowEnd(room, at) is { } end)
            {
                var warning = end - Warning;
                return warning > after && IsOpen(room, warning)
                    ? new MeetingEvent(warning, MeetingEventKind.EndingSoon)
                    : new MeetingEvent(end, MeetingEventKind.End);
            }

            if (IsOpen(room, at))
            {
                return null; // open beyond the horizon
            }

            if (NextOpening(room, at) is not { } opening)
            {
                return null;
            }

            at = opening;
        }

        return null;
    }

    /// <summary>The first moment after <paramref name="after"/> at which a meeting of the room opens it.</summary>
    private static DateTimeOffset? NextOpening(RoomConfig room, DateTimeOffset after)
    {
        DateTimeOffset? first = null;
        foreach (var meeting in room.Schedule)
        {
            // A start s opens the room at s − openEarly: look for starts after after + openEarly.
            if (NextStart(meeting, after + room.OpenEarly) is { } start)
            {
                var opens = start - room.OpenEarly;
                if (first is null || opens < first)
                {
                    first = opens;
                }
            }
        }

        return first;
    }

    /// <summary>The earliest start s of <paramref name="meeting"/> whose open time [s − early, s + d) holds <paramref name="at"/>, i.e. s ∈ (at − d, at + early].</summary>
    private static DateTimeOffset? StartOpenAt(MeetingTime meeting, TimeSpan early, DateTimeOffset at) =>
        NextStart(meeting, at - meeting.Duration) is { } start && start <= at + early ? start : null;

    /// <summary>The first start strictly after <paramref name="after"/>.</summary>
    private static DateTimeOffset? NextStart(MeetingTime meeting, DateTimeOffset after)
    {
        if (meeting.Start is { } wallClock)
        {
            var start = new DateTimeOffset(wallClock, meeting.TimeZone.GetUtcOffset(wallClock));
            return start > after ? start : null;
        }

        if (meeting.Cron is null)
        {
            return null;
        }

        var cron = Crons.GetValue(meeting, static m => new CronExpression(m.Cron!, m.TimeZone));
        return cron.GetNextValidTimeAfter(after);
    }
}
