namespace Bridge.Sip.Messages;

/// <summary>Splits a header value at top-level commas (RFC 3261 §7.3.1), ignoring commas inside quoted strings and &lt;...&gt;.</summary>
internal static class SipListSplitter
{
    public static void Split(string value, List<string> into)
    {
        // A top-level comma closes any quote or <...>, so each item can be scanned from a clean state.
        var start = 0;
        while (true)
        {
            var comma = IndexOfSeparator(value.AsSpan(start));
            if (comma < 0)
            {
                AddTrimmed(value, start, value.Length, into);
                return;
            }

            AddTrimmed(value, start, start + comma, into);
            start += comma + 1;
        }
    }

    /// <summary>Index of the first top-level comma in <paramref name="value"/>, or -1.</summary>
    public static int IndexOfSeparator(ReadOnlySpan<char> value)
    {
        var inQuotes = false;
        var angle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '<')
            {
                angle = true;
            }
            else if (c == '>')
            {
                angle = false;
            }
            else if (c == ',' && !angle)
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddTrimmed(string value, int start, int end, List<string> into)
    {
        var span = value.AsSpan(start, end - start).Trim();
        if (!span.IsEmpty)
        {
            into.Add(span.Length == value.Length ? value : span.ToString());
        }
    }
}
