using System.Text;
using Bridge.Conferencing;
using Bridge.Conferencing.Roster;

namespace Bridge.Web.Signalling;

/// <summary>
/// What the page shows of a roster entry. The roster already masks phones (<c>Phone ***123</c>); this is the web
/// layer's own guarantee that no full number reaches a browser whatever the label holds, and that a browser's name
/// is plain text of bounded length.
/// </summary>
internal static class RosterView
{
    public const int MaxNameLength = 40;

    /// <summary>The label shown for <paramref name="entry"/> (a phone a moderator renamed shows that name, cleaned like a browser's).</summary>
    public static string Label(RosterEntry entry)
    {
        if (entry.Kind == ParticipantKind.Phone && !entry.Renamed)
        {
            const string prefix = "Phone ";
            var number = entry.Label.StartsWith(prefix, StringComparison.Ordinal) ? entry.Label[prefix.Length..] : entry.Label;
            return prefix + (number.StartsWith("***", StringComparison.Ordinal) && number.Length <= 6 ? CallerSource.Mask("000" + number[3..]) : CallerSource.Mask(number));
        }

        return CleanName(entry.Label) is { Length: > 0 } name ? name : "Guest";
    }

    /// <summary>A display name without control or formatting characters, trimmed, at most <see cref="MaxNameLength"/> characters.</summary>
    public static string CleanName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "";
        }

        var clean = new StringBuilder(Math.Min(name.Length, MaxNameLength));
        foreach (var rune in name.Trim().EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsControl(rune) || category is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator
                or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Surrogate
                or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (clean.Length + rune.Utf16SequenceLength > MaxNameLength)
            {
                break;
            }

            clean.Append(rune.ToString());
        }

        return clean.ToString().Trim();
    }
}
