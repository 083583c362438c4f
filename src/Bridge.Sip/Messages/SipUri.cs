using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>
/// A SIP, SIPS (RFC 3261 §19.1), tel (RFC 3966) or other absolute URI. User, password, parameters and headers are
/// kept unescaped; <see cref="ToString"/> escapes them again. IPv6 hosts are stored without brackets (RFC 5118).
/// For tel URIs the number is <see cref="User"/> and <see cref="Host"/> is empty; other schemes keep their text in <see cref="Opaque"/>.
/// </summary>
public sealed class SipUri
{
    private static readonly KeyValuePair<string, string?>[] NoParameters = [];
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];
    private string? _text;

    private SipUri(string scheme, string? user, string? password, string host, int? port, IReadOnlyList<KeyValuePair<string, string?>> parameters, IReadOnlyList<KeyValuePair<string, string>> headers, string? opaque)
    {
        Scheme = scheme;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
        Opaque = opaque;
    }

    /// <summary>Lowercase scheme: "sip", "sips", "tel" or another.</summary>
    public string Scheme { get; }

    /// <summary>Unescaped user part (the number for tel URIs), or null.</summary>
    public string? User { get; }

    /// <summary>Unescaped password (discouraged by §19.1.1), or null.</summary>
    public string? Password { get; }

    /// <summary>Host name, IPv4 address, or IPv6 address without brackets; empty for tel and unknown schemes.</summary>
    public string Host { get; }

    /// <summary>Explicit port, or null.</summary>
    public int? Port { get; }

    /// <summary>URI parameters in order (names as received, values unescaped; null value when the parameter has none).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>URI headers ("?name=value&amp;...", §19.1.1), unescaped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The scheme-specific text of a URI whose scheme is neither sip, sips nor tel; otherwise null.</summary>
    public string? Opaque { get; }

    /// <summary>The "transport" parameter in lowercase, or null.</summary>
    public string? Transport => GetParameter("transport")?.ToLowerInvariant();

    /// <summary>True for sips URIs (§19.1).</summary>
    public bool IsSecure => string.Equals(Scheme, "sips", StringComparison.Ordinal);

    /// <summary>True for sip and sips URIs.</summary>
    public bool IsSip => Scheme is "sip" or "sips";

    /// <summary>True when the host is an IPv6 address (written in brackets).</summary>
    public bool IsIPv6Host => Host.Contains(':', StringComparison.Ordinal);

    /// <summary>True when the "lr" parameter is present (loose routing, §19.1.1).</summary>
    public bool IsLooseRouting => HasParameter("lr");

    /// <summary>Value of a parameter (name case-insensitive); null when absent or valueless.</summary>
    public string? GetParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    /// <summary>True when the parameter is present, with or without a value.</summary>
    public bool HasParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses a URI; no surrounding whitespace or angle brackets are accepted.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
        {
            return false;
        }

        var scheme = LowerScheme(text[..colon]);
        var rest = text[(colon + 1)..];
        return scheme switch
        {
            "sip" or "sips" => TryParseSip(scheme, rest, out uri),
            "tel" => TryParseTel(rest, out uri),
            _ => TryParseOther(scheme, rest, out uri),
        };
    }

    /// <summary>Parses a URI or throws <see cref="FormatException"/>.</summary>
    public static SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var uri) ? uri : throw new FormatException("Invalid SIP URI.");
    }

    /// <summary>Creates a sip/sips URI from parts.</summary>
    public static SipUri Create(string scheme, string? user, string host, int? port = null, IEnumerable<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(host);
        return new SipUri(scheme.ToLowerInvariant(), user, null, host.Trim('[', ']'), port, parameters?.ToArray() ?? NoParameters, NoHeaders, null);
    }

    /// <summary>A copy with the given parts replaced (null keeps the original).</summary>
    public SipUri With(string? user = null, string? host = null, int? port = null) =>
        new(Scheme, user ?? User, Password, host?.Trim('[', ']') ?? Host, port ?? Port, Parameters, Headers, Opaque);

    /// <summary>A copy with a parameter set (replaced if present; a null value writes a bare name).</summary>
    public SipUri WithParameter(string name, string? value)
    {
        var list = new List<KeyValuePair<string, string?>>(Parameters.Count + 1);
        var replaced = false;
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (!replaced)
                {
                    list.Add(new(name, value));
                    replaced = true;
                }
            }
            else
            {
                list.Add(p);
            }
        }

        if (!replaced)
        {
            list.Add(new(name, value));
        }

        return new SipUri(Scheme, User, Password, Host, Port, list, Headers, Opaque);
    }

    /// <summary>A copy without URI headers (used when a Contact or Record-Route URI becomes a target, §12.2.1.1).</summary>
    public SipUri WithoutHeaders() => Headers.Count == 0 ? this : new SipUri(Scheme, User, Password, Host, Port, Parameters, NoHeaders, Opaque);

    /// <summary>Canonical text: escaped user and parameters, IPv6 host in brackets.</summary>
    public override string ToString() => _text ??= Format();

    private string Format()
    {
        if (Opaque is not null)
        {
            return Scheme + ":" + Opaque;
        }

        var b = new StringBuilder(64);
        b.Append(Scheme).Append(':');
        if (User is not null)
        {
            SipEscaping.AppendEscaped(b, User, Scheme == "tel" ? IsTelChar : SipCharacters.IsUserChar);
            if (Password is not null)
            {
                b.Append(':');
                SipEscaping.AppendEscaped(b, Password, SipCharacters.IsPasswordChar);
            }

            if (Scheme != "tel")
            {
                b.Append('@');
            }
        }

        if (IsIPv6Host)
        {
            b.Append('[').Append(Host).Append(']');
        }
        else
        {
            b.Append(Host);
        }

        if (Port is { } port)
        {
            b.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var p in Parameters)
        {
            b.Append(';');
            SipEscaping.AppendEscaped(b, p.Key, SipCharacters.IsParamChar);
            if (p.Value is not null)
            {
                b.Append('=');
                SipEscaping.AppendEscaped(b, p.Value, SipCharacters.IsParamChar);
            }
        }

        for (var i = 0; i < Headers.Count; i++)
        {
            b.Append(i == 0 ? '?' : '&');
            SipEscaping.AppendEscaped(b, Headers[i].Key, SipCharacters.IsHeaderChar);
            b.Append('=');
            SipEscaping.AppendEscaped(b, Headers[i].Value, SipCharacters.IsHeaderChar);
        }

        return b.ToString();
    }

    private static bool TryParseSip(string scheme, ReadOnlySpan<char> rest, [NotNullWhen(true)] out SipUri? uri)
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
            if (userPart.IsEmpty || !AllValid(userPart, SipCharacters.IsUserChar) || !SipEscaping.TryUnescape(userPart, out user))
            {
                return false;
            }

            if (colon >= 0)
            {
                var pw = userinfo[(colon + 1)..];
                if (!AllValid(pw, SipCharacters.IsPasswordChar) || !SipEscaping.TryUnescape(pw, out password))
                {
                    return false;
                }
            }

            rest = rest[(at + 1)..];
        }

        if (!TryParseHostPort(rest, out var host, out var port, out var consumed))
        {
            return false;
        }

        rest = rest[consumed..];
        if (!TryParseParameters(ref rest, out var parameters))
        {
            return false;
        }

        IReadOnlyList<KeyValuePair<string, string>> headers = NoHeaders;
        if (!rest.IsEmpty)
        {
            if (rest[0] != '?' || !TryParseHeaders(rest[1..], out headers))
            {
                return false;
            }
        }

        uri = new SipUri(scheme, user, password, host, port, parameters, headers, null);
        return true;
    }

    /// <summary>host [":" port] (§19.1.1); IPv6 references per RFC 5118 §4.1 / RFC 3261 §25.1.</summary>
    internal static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port, out int consumed)
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

            host = text[1..close].ToString();
            i = close + 1;
        }
        else
        {
            i = 0;
            while (i < text.Length && SipCharacters.IsHostChar(text[i]))
            {
                i++;
            }

            if (i == 0 || text[0] is '.' or '-' || !IsHostName(text[..i]))
            {
                return false;
            }

            host = text[..i].ToString();
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
    private static bool TryParseParameters(ref ReadOnlySpan<char> rest, out IReadOnlyList<KeyValuePair<string, string?>> parameters)
    {
        parameters = NoParameters;
        List<KeyValuePair<string, string?>>? list = null;
        while (!rest.IsEmpty && rest[0] == ';')
        {
            rest = rest[1..];
            var end = 0;
            while (end < rest.Length && rest[end] is not ';' and not '?')
            {
                end++;
            }

            var item = rest[..end];
            var eq = item.IndexOf('=');
            var name = eq >= 0 ? item[..eq] : item;
            if (name.IsEmpty || !AllValid(name, SipCharacters.IsParamChar) || !SipEscaping.TryUnescape(name, out var n))
            {
                return false;
            }

            string? v = null;
            if (eq >= 0)
            {
                var value = item[(eq + 1)..];
                if (value.IsEmpty || !AllValid(value, SipCharacters.IsParamChar) || !SipEscaping.TryUnescape(value, out v))
                {
                    return false;
                }
            }

            (list ??= new List<KeyValuePair<string, string?>>(4)).Add(new(n, v));
            rest = rest[end..];
        }

        if (list is not null)
        {
            parameters = list;
        }

        return true;
    }

    private static bool TryParseHeaders(ReadOnlySpan<char> text, out IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        headers = NoHeaders;
        var list = new List<KeyValuePair<string, string>>(2);
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
            if (!AllValid(name, SipCharacters.IsHeaderChar) || !AllValid(value, SipCharacters.IsHeaderChar) ||
                !SipEscaping.TryUnescape(name, out var n) || !SipEscaping.TryUnescape(value, out var v))
            {
                return false;
            }

            list.Add(new(n, v));
        }

        headers = list;
        return true;
    }

    /// <summary>tel URI (RFC 3966 §3): the number, then parameters.</summary>
    private static bool TryParseTel(ReadOnlySpan<char> rest, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        var semi = rest.IndexOf(';');
        var number = semi >= 0 ? rest[..semi] : rest;
        if (number.IsEmpty || !AllValid(number, IsTelChar) || !SipEscaping.TryUnescape(number, out var user))
        {
            return false;
        }

        rest = rest[number.Length..];
        if (!TryParseParameters(ref rest, out var parameters) || !rest.IsEmpty)
        {
            return false;
        }

        uri = new SipUri("tel", user, null, string.Empty, null, parameters, NoHeaders, null);
        return true;
    }

    private static bool TryParseOther(string scheme, ReadOnlySpan<char> rest, [NotNullWhen(true)] out SipUri? uri)
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

        uri = new SipUri(scheme, null, null, string.Empty, null, NoParameters, NoHeaders, rest.ToString());
        return true;
    }

    private static bool IsTelChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '(' or ')' or '*' or '#' or '%';

    private static bool AllValid(ReadOnlySpan<char> text, Func<char, bool> valid)
    {
        foreach (var c in text)
        {
            if (c != '%' && !valid(c))
            {
                return false;
            }
        }

        return true;
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

    private static string LowerScheme(ReadOnlySpan<char> scheme)
    {
        if (scheme.Equals("sip", StringComparison.OrdinalIgnoreCase))
        {
            return "sip";
        }

        if (scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return "sips";
        }

        return scheme.Equals("tel", StringComparison.OrdinalIgnoreCase) ? "tel" : scheme.ToString().ToLowerInvariant();
    }
}
