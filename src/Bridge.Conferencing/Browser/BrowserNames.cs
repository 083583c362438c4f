using System.Globalization;
using System.Text;

namespace Bridge.Conferencing.Browser;

/// <summary>Cleans the name a browser participant typed before anyone else sees it (roster, admin API, logs).</summary>
public static class BrowserNames
{
    /// <summary>Longest name kept, in text elements (a letter with its accents, an emoji, counts once).</summary>
    public const int MaxLength = 40;

    /// <summary>Shown when nothing printable is left.</summary>
    public const string Fallback = "Guest";

    /// <summary>
    /// Removes control and format characters (line breaks, bidi overrides, zero-width marks) and unpaired surrogates, folds
    /// runs of white space into one space, trims, and cuts at <see cref="MaxLength"/> text elements.
    /// </summary>
    public static string Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        var text = new StringBuilder(Math.Min(name.Length, MaxLength * 4));
        var space = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(name, i);
                if (category is not (UnicodeCategory.Format or UnicodeCategory.PrivateUse))
                {
                    AppendSpace(text, ref space);
                    text.Append(c).Append(name[i + 1]);
                }

                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }

            if (char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse)
            {
                continue;
            }

            AppendSpace(text, ref space);
            text.Append(c);
        }

        var cleaned = text.ToString();
        var elements = StringInfo.ParseCombiningCharacters(cleaned);
        if (elements.Length > MaxLength)
        {
            cleaned = cleaned[..elements[MaxLength]].TrimEnd();
        }

        return cleaned.Length == 0 ? Fallback : cleaned;
    }

    private static void AppendSpace(StringBuilder text, ref bool space)
    {
        if (space)
        {
            text.Append(' ');
            space = false;
        }
    }
}
