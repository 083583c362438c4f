using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The bridge stamps its console log with the local time of day only (<c>HH:mm:ss.fff</c>). A run that crosses midnight
/// would see a later line stamped earlier; these helpers place a stamp on the calendar next to a reference instant (the
/// nearest day, within ±12 h) and measure between two stamps the short way round the clock.
/// </summary>
internal static class LogClock
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan HalfDay = TimeSpan.FromHours(12);

    /// <summary>The time of day a log line starts with.</summary>
    public static TimeSpan TimeOfDay(string line) =>
        TimeSpan.ParseExact(line.AsSpan(0, 12), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    /// <summary>The local instant of a log line's stamp, taken on the day that puts it nearest to <paramref name="reference"/>.</summary>
    public static DateTime At(string stamp, DateTime reference)
    {
        var candidate = reference.Date + TimeSpan.ParseExact(stamp.AsSpan(0, 12), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
        var offset = candidate - reference;
        return offset > HalfDay ? candidate - Day : offset < -HalfDay ? candidate + Day : candidate;
    }

    /// <summary>From the stamp of <paramref name="earlier"/> to that of <paramref name="later"/>, across midnight if need be.</summary>
    public static TimeSpan Between(string earlier, string later)
    {
        var difference = TimeOfDay(later) - TimeOfDay(earlier);
        return difference < -HalfDay ? difference + Day : difference > HalfDay ? difference - Day : difference;
    }
}
