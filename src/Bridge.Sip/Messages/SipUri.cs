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
    internal static readonly KeyValuePair<string, string?>[] NoParameters = [];
    internal static readonly KeyValuePair<string, string>[] NoHeaders = [];
    private string? _text;

    internal SipUri(string scheme, string? user, string? password, string host, int? port, IReadOnlyList<KeyValuePair<string, string?>> parameters, IReadOnlyList<KeyValuePair<string, string>> headers, string? opaque)
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
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri) => SipUriParser.TryParse(text, create: true, out uri);

    /// <summary>Checks the syntax exactly as <see cref="TryParse"/> does, without allocating.</summary>
    internal static bool IsValid(ReadOnlySpan<char> text) => SipUriParser.TryParse(text, create: false, out _);

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

    private static bool IsTelChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.' or '(' or ')' or '*' or '#' or '%';
}
