namespace Bridge.Sip.Messages;

/// <summary>The URI grammar of RFC 3261 §19.1.1 / §25.1, RFC 3966 and RFC 5118 over characters; one code path for parsing and for allocation-free validation.</summary>
internal static class SipUriParser
{
    private static readonly KeyValuePair<string, string?>[] NoParameters = SipUri.NoParameters;
    private static readonly KeyValuePair<string, string>[] NoHeaders = SipUri.NoHeaders;

    /// <summary>Parses sip/sips (§19.1.1), tel (RFC 3966) or another scheme; with <paramref name="create"/> false only validates, allocation-free.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, bool create, out SipUri? uri)
    {
        uri = null;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var schemeText = text[..colon];
        var rest = text[(colon + 1)..];
        if (schemeText.Equals("sip", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseSip("sip", rest, create, out uri);
        }

        if (schemeText.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseSip("sips", rest, create, out uri);
        }

        if (schemeText.Equals("tel", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseTel(rest, create, out uri);
        }

        return TryParseOther(schemeText, rest, create, out uri);
    }

    private static bool TryParseSip(string scheme, ReadOnlySpan<char> rest, bool create, out SipUri? uri)
    {
        uri = null;
        string? user = null;
        string? password = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            var colon = userinfo.IndexOf(':');
            var userPart = colon >= 0 ? userinfo[..colon] : userinfo;
            if (userPart.IsEmpty || !SipCharacters.All(userPart, SipCharacters.UserChars) || !Unescape(userPart, create, out user))
            {
                return false;
            }

            if (colon >= 0)
            {
                var pw = userinfo[(colon + 1)..];
                if (!SipCharacters.All(pw, SipCharacters.PasswordChars) || !Unescape(pw, create, out password))
                {
                    return false;
                }
            }

            rest = rest[(at + 1)..];
        }

        if (!TryParseHostPort(rest, create, out var host, out var port, out var consumed))
        {
            return false;
        }

        rest = rest[consumed..];
        if (!TryParseParameters(ref rest, create, out var parameters))
        {
            return false;
        }

        IReadOnlyList<KeyValuePair<string, string>> headers = NoHeaders;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '?' || !TryParseHeaders(rest[1..], create, out headers))
            {
                return false;
            }
        }

        if (create)
        {
            uri = new SipUri(scheme, user, password, host, port, parameters, headers, null);
        }

        return true;
    }

    /// <summary>host [":" port] (§19.1.1); IPv6 references per RFC 5118 §4.1 / RFC 3261 §25.1.</summary>
    internal static bool TryParseHostPort(ReadOnlySpan<char> text, bool create, out string host, out int? port, out int consumed)
    {
        host = string.Empty;
        port = null;
        consumed = 0;
        int i;
        if (!text.IsEmpty && text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 3 || !IsIPv6(text[1..close]))
            {
                return false;
            }

            host = create ? text[1..close].ToString() : string.Empty;
            i = close + 1;
        }
        else
        {
            i = 0;
            i = SipCharacters.Run(text, SipCharacters.HostChars);

            if (i == 0 || text[0] is '.' or '-' || !IsHostName(text[..i]))
            {
                return false;
            }

            host = create ? text[..i].ToString() : string.Empty;
        }

        if (i < text.Length && text[i] == ':')
        {
            var start = ++i;
            var value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 5)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            if (i == start || value > 65535 || (i < text.Length && char.IsAsciiDigit(text[i])))
            {
                return false;
            }

            port = value;
        }

        consumed = i;
        return true;
    }

    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        // hostname labels must not be empty; a trailing dot is allowed (§25.1 "hostname").
        for (var i = 1; i < host.Length; i++)
        {
            if (host[i] == '.' && host[i - 1] == '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>IPv6address of RFC 3261 §25.1 (with an optional embedded IPv4 tail); checked loosely but never accepts spaces or brackets.</summary>
    internal static bool IsIPv6(ReadOnlySpan<char> text)
    {
        if (text.IndexOf(':') < 0)
        {
            return false;
        }

        var groups = 0;
        var doubleColon = false;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ':')
            {
                if (i + 1 < text.Length && text[i + 1] == ':')
                {
                    if (doubleColon)
                    {
                        return false;
                    }

                    doubleColon = true;
                    i += 2;
                    if (i == text.Length)
                    {
                        break;
                    }

                    continue;
                }

                if (i == 0 || i + 1 == text.Length)
                {
                    return false;
                }

                i++;
            }

            var start = i;
            while (i < text.Length && SipCharacters.HexValue(text[i]) >= 0)
            {
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // IPv4 tail: digits and dots to the end.
                var tail = text[start..];
                foreach (var c in tail)
                {
                    if (!char.IsAsciiDigit(c) && c != '.')
                    {
                        return false;
                    }
                }

                groups += 2;
                break;
            }

            if (i == start || i - start > 4)
            {
                return false;
            }

            groups++;
        }

        return doubleColon ? groups <= 7 : groups == 8;
    }

    /// <summary>Reads *(";" name ["=" value]) from the start of <paramref name="rest"/>, leaving what follows.</summary>
    private static bool TryParseParameters(ref ReadOnlySpan<char> rest, bool create, out IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        parameters = NoParameters;
        List<KeyValuePair<string, string?>>? list = null;
        while (!rest.IsEmpty && rest[0] == ';')
        {
            rest = rest[1..];
            var end = rest.IndexOfAny(';', '?');
            if (end < 0)
            {
                end = rest.Length;
            }

            var item = rest[..end];
            var eq = item.IndexOf('=');
            var name = eq >= 0 ? item[..eq] : item;
            if (name.IsEmpty || !SipCharacters.All(name, SipCharacters.ParamChars) || !Unescape(name, create, out var n))
            {
                return false;
            }

            string? v = null;
            if (eq >= 0)
            {
                var value = item[(eq + 1)..];
                if (value.IsEmpty || !SipCharacters.All(value, SipCharacters.ParamChars) || !Unescape(value, create, out v))
                {
                    return false;
                }
            }

            if (create)
            {
                (list ??= new List<KeyValuePair<string, string?>>(4)).Add(new(n!, v));
            }

            rest = rest[end..];
        }

        if (list is not null)
        {
            parameters = list;
        }

        return true;
    }

    private static bool TryParseHeaders(ReadOnlySpan<char> text, bool create, out IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        headers = NoHeaders;
        var list = create ? new List<KeyValuePair<string, string>>(2) : null;
        foreach (var range in text.Split('&'))
        {
            var item = text[range];
            var eq = item.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var name = item[..eq];
            var value = item[(eq + 1)..];
            if (!SipCharacters.All(name, SipCharacters.HeaderChars) || !SipCharacters.All(value, SipCharacters.HeaderChars) ||
                !Unescape(name, create, out var n) || !Unescape(value, create, out var v))
            {
                return false;
            }

            list?.Add(new(n!, v!));
        }

        headers = list ?? (IReadOnlyList<KeyValuePair<string, string>>)NoHeaders;
        return true;
    }

    /// <summary>tel URI (RFC 3966 §3): the number, then parameters.</summary>
    private static bool TryParseTel(ReadOnlySpan<char> rest, bool create, out SipUri? uri)
    {
        uri = null;
        var semi = rest.IndexOf(';');
        var number = semi >= 0 ? rest[..semi] : rest;
        if (number.IsEmpty || !SipCharacters.All(number, SipCharacters.TelChars) || !Unescape(number, create, out var user))
        {
            return false;
        }

        rest = rest[number.Length..];
        if (!TryParseParameters(ref rest, create, out var parameters) || !rest.IsEmpty)
        {
            return false;
        }

        if (create)
        {
            uri = new SipUri("tel", user, null, string.Empty, null, parameters, NoHeaders, null);
        }

        return true;
    }

    private static bool TryParseOther(ReadOnlySpan<char> scheme, ReadOnlySpan<char> rest, bool create, out SipUri? uri)
    {
        uri = null;
        if (rest.IsEmpty)
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (c <= ' ' || c >= 127 || c is '<' or '>' or '"' or '\\' or '{' or '}' or '|' or '^' or '`')
            {
                return false;
            }
        }

        if (create)
        {
            uri = new SipUri(scheme.ToString().ToLowerInvariant(), null, null, string.Empty, null, NoParameters, NoHeaders, rest.ToString());
        }

        return true;
    }

    private static bool Unescape(ReadOnlySpan<char> text, bool create, out string? value)
    {
        if (create)
        {
            var ok = SipEscaping.TryUnescape(text, out var unescaped);
            value = unescaped;
            return ok;
        }

        value = null;
        return SipEscaping.IsValidEscaped(text);
    }


    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }
}
