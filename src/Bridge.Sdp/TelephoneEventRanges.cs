using System.Globalization;
using System.Text;

namespace Bridge.Sdp;

/// <summary>
/// The event list of a telephone-event <c>a=fmtp</c> (RFC 4733 §7.1.1): comma-separated events and ranges, e.g. <c>0-15,66</c>.
/// Absent fmtp means events 0–15 (RFC 4733 §7.1.1).
/// </summary>
internal static class TelephoneEventRanges
{
    private const int MaxEvent = 255;

    /// <summary>Events of <paramref name="offered"/> that <paramref name="supported"/> also lists, in fmtp syntax; null when none.</summary>
    public static string? Intersect(string? offered, string? supported)
    {
        Span<bool> ours = stackalloc bool[MaxEvent + 1];
        Span<bool> theirs = stackalloc bool[MaxEvent + 1];
        Fill(supported ?? "0-15", ours);
        Fill(string.IsNullOrWhiteSpace(offered) ? "0-15" : offered, theirs);
        var text = new StringBuilder();
        int start = -1;
        for (int i = 0; i <= MaxEvent + 1; i++)
        {
            bool both = i <= MaxEvent && ours[i] && theirs[i];
            if (both && start < 0)
            {
                start = i;
            }
            else if (!both && start >= 0)
            {
                if (text.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(start.ToString(CultureInfo.InvariantCulture));
                if (i - 1 > start)
                {
                    text.Append('-').Append((i - 1).ToString(CultureInfo.InvariantCulture));
                }

                start = -1;
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static void Fill(string list, Span<bool> events)
    {
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int dash = item.IndexOf('-', StringComparison.Ordinal);
            ReadOnlySpan<char> first = dash < 0 ? item : item.AsSpan(0, dash);
            ReadOnlySpan<char> last = dash < 0 ? item : item.AsSpan(dash + 1);
            if (int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out int low)
                && int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out int high)
                && low <= high && high <= MaxEvent)
            {
                events[low..(high + 1)].Fill(true);
            }
        }
    }
}
