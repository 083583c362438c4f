namespace Bridge.Sip.Messages;

/// <summary>Reads header parameters: *( SEMI generic-param ), generic-param = token [ EQUAL gen-value ] (RFC 3261 §25.1), LWS allowed around ";" and "=".</summary>
internal static class SipParameterReader
{
    /// <summary>Parses the whole of <paramref name="text"/> (which starts at the first ";" or is empty); quoted values keep their quotes.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, List<KeyValuePair<string, string?>>? into)
    {
        var i = SkipSpace(text, 0);
        while (i < text.Length)
        {
            if (text[i] != ';')
            {
                return false;
            }

            i = SkipSpace(text, i + 1);
            var nameStart = i;
            while (i < text.Length && SipCharacters.IsToken(text[i]))
            {
                i++;
            }

            if (i == nameStart)
            {
                return false;
            }

            var name = text[nameStart..i];
            i = SkipSpace(text, i);
            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i = SkipSpace(text, i + 1);
                var valueStart = i;
                if (i < text.Length && text[i] == '"')
                {
                    if (!TrySkipQuoted(text, ref i))
                    {
                        return false;
                    }
                }
                else
                {
                    while (i < text.Length && (SipCharacters.IsToken(text[i]) || text[i] is ':' or '[' or ']'))
                    {
                        i++;
                    }
                }

                if (i == valueStart)
                {
                    return false;
                }

                if (into is not null)
                {
                    value = text[valueStart..i].ToString();
                }

                i = SkipSpace(text, i);
            }

            into?.Add(new(name.ToString(), value));
        }

        return true;
    }

    /// <summary>Advances past a quoted-string starting at text[i] == '"' (§25.1: quoted-pair allowed); false when unterminated.</summary>
    public static bool TrySkipQuoted(ReadOnlySpan<char> text, ref int i)
    {
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n')
                {
                    return false;
                }

                i += 2;
                continue;
            }

            if (c == '"')
            {
                i++;
                return true;
            }

            if (c is '\r' or '\n' || (c < ' ' && c != '\t'))
            {
                return false;
            }

            i++;
        }

        return false;
    }

    public static int SkipSpace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && SipCharacters.IsWhitespace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Value of a parameter by name (case-insensitive), or null.</summary>
    public static string? Find(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return parameters[i].Value;
            }
        }

        return null;
    }

    /// <summary>Index of a parameter by name (case-insensitive), or -1.</summary>
    public static int IndexOf(IReadOnlyList<KeyValuePair<string, string?>> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Appends ";name[=value]" for each parameter.</summary>
    public static void Append(System.Text.StringBuilder builder, IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            builder.Append(';').Append(parameters[i].Key);
            if (parameters[i].Value is { } value)
            {
                builder.Append('=').Append(value);
            }
        }
    }
}
