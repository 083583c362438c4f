namespace Bridge.DialPlans.Scheduling;

/// <summary>
/// One entry of a room's <c>schedule</c>: either recurring meetings whose starts a Quartz cron expression gives, or
/// one meeting at a wall-clock <see cref="Start"/>; each lasts <see cref="Duration"/>, in <see cref="TimeZone"/>.
/// Exactly one of <see cref="Cron"/> and <see cref="Start"/> is set.
/// </summary>
public sealed record MeetingTime
{
    /// <summary>Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]) of the starts.</summary>
    public string? Cron { get; init; }

    /// <summary>The start of a one-off meeting, as wall-clock time in <see cref="TimeZone"/> (Kind Unspecified).</summary>
    public DateTime? Start { get; init; }

    /// <summary>How long each meeting lasts.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The time zone the cron expression or start is read in (default: the server's).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Where the entry was defined (file:line), for messages.</summary>
    public string Source { get; init; } = string.Empty;
}
