using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, §18.2.1 received; RFC 3581 rport): sent-protocol, sent-by and parameters.</summary>
public sealed class SipVia
{
    private readonly List<KeyValuePair<string, string?>> _parameters;

    /// <summary>Creates a Via for a request sent by this element (§8.1.1.7); <paramref name="branch"/> should start with z9hG4bK.</summary>
    public SipVia(string transport, string host, int? port, string branch, bool rport = false)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(branch);
        ProtocolName = "SIP";
        ProtocolVersion = "2.0";
        Transport = transport.ToUpperInvariant();
        Host = host.Trim('[', ']');
        Port = port;
        _parameters = [new("branch", branch)];
        if (rport)
        {
            _parameters.Add(new("rport", null));
        }
    }

    private SipVia(string protocolName, string protocolVersion, string transport, string host, int? port, List<KeyValuePair<string, string?>> parameters)
    {
        ProtocolName = protocolName;
        ProtocolVersion = protocolVersion;
        Transport = transport;
        Host = host;
        Port = port;
        _parameters = parameters;
    }

    /// <summary>Protocol name, "SIP".</summary>
    public string ProtocolName { get; }

    /// <summary>Protocol version, "2.0".</summary>
    public string ProtocolVersion { get; }

    /// <summary>Transport in uppercase: "UDP", "TCP", "TLS", "SCTP", "WS", "WSS".</summary>
    public string Transport { get; }

    /// <summary>sent-by host (IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>sent-by port, or null.</summary>
    public int? Port { get; }

    /// <summary>The branch parameter, or null (RFC 2543 peers).</summary>
    public string? Branch => SipParameterReader.Find(_parameters, "branch");

    /// <summary>The received parameter (§18.2.1); setting null removes it.</summary>
    public string? Received
    {
        get => SipParameterReader.Find(_parameters, "received")?.Trim('[', ']');
        set => SetParameter("received", value, value is null);
    }

    /// <summary>True when an rport parameter is present, with or without value (RFC 3581 §4).</summary>
    public bool HasRPort => SipParameterReader.IndexOf(_parameters, "rport") >= 0;

    /// <summary>The rport value (RFC 3581 §4); setting a value fills it in, null leaves a bare "rport" if present.</summary>
    public int? RPort
    {
        get => int.TryParse(SipParameterReader.Find(_parameters, "rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
        set => SetParameter("rport", value?.ToString(CultureInfo.InvariantCulture), remove: false);
    }

    /// <summary>The maddr parameter, or null.</summary>
    public string? MAddr => SipParameterReader.Find(_parameters, "maddr");

    /// <summary>Parameters in order; quoted values keep their quotes.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters => _parameters;

    /// <summary>Value of a parameter (case-insensitive name), or null.</summary>
    public string? GetParameter(string name) => SipParameterReader.Find(_parameters, name);

    /// <summary>Parses one Via value (not a comma list): sent-protocol LWS sent-by *( SEMI via-params ), §25.1.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipVia? via)
    {
        via = null;
        var s = text.Trim();
        var i = 0;
        if (!TryToken(s, ref i, out var name) || !TrySlash(s, ref i) || !TryToken(s, ref i, out var version) ||
            !TrySlash(s, ref i) || !TryToken(s, ref i, out var transport))
        {
            return false;
        }

        var afterTransport = i;
        i = SipParameterReader.SkipSpace(s, i);
        if (i == afterTransport || i >= s.Length)
        {
            return false;
        }

        // sent-by = host [ COLON port ]; COLON allows LWS around it.
        var hostStart = i;
        int hostEnd;
        if (s[i] == '[')
        {
            hostEnd = s[i..].IndexOf(']');
            if (hostEnd < 0)
            {
                return false;
            }

            hostEnd += i + 1;
        }
        else
        {
            hostEnd = i;
            while (hostEnd < s.Length && SipCharacters.IsHostChar(s[hostEnd]))
            {
                hostEnd++;
            }
        }

        var j = SipParameterReader.SkipSpace(s, hostEnd);
        Span<char> sentBy = stackalloc char[Math.Min(s.Length, 300)];
        var hostLength = hostEnd - hostStart;
        if (hostLength == 0 || hostLength > sentBy.Length - 8)
        {
            return false;
        }

        s[hostStart..hostEnd].CopyTo(sentBy);
        var length = hostLength;
        if (j < s.Length && s[j] == ':')
        {
            j = SipParameterReader.SkipSpace(s, j + 1);
            var portStart = j;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (j - portStart is 0 or > 5)
            {
                return false;
            }

            sentBy[length++] = ':';
            s[portStart..j].CopyTo(sentBy[length..]);
            length += j - portStart;
        }

        if (!SipUri.TryParseHostPort(sentBy[..length], out var host, out var port, out var consumed) || consumed != length)
        {
            return false;
        }

        var parameters = new List<KeyValuePair<string, string?>>(3);
        if (!SipParameterReader.TryParse(s[j..], parameters) || !ValidParameters(parameters))
        {
            return false;
        }

        via = new SipVia(
            name.Equals("SIP", StringComparison.OrdinalIgnoreCase) ? "SIP" : name.ToString(),
            version.SequenceEqual("2.0") ? "2.0" : version.ToString(),
            Upper(transport),
            host,
            port,
            parameters);
        return true;
    }

    /// <summary>Writes "SIP/2.0/UDP host:port;params".</summary>
    public override string ToString()
    {
        var b = new StringBuilder(64);
        b.Append(ProtocolName).Append('/').Append(ProtocolVersion).Append('/').Append(Transport).Append(' ');
        if (Host.Contains(':', StringComparison.Ordinal))
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

        SipParameterReader.Append(b, _parameters);
        return b.ToString();
    }

    private static bool ValidParameters(List<KeyValuePair<string, string?>> parameters)
    {
        foreach (var p in parameters)
        {
            if (p.Key.Equals("ttl", StringComparison.OrdinalIgnoreCase) &&
                (!int.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl > 255))
            {
                return false;
            }

            if (p.Key.Equals("rport", StringComparison.OrdinalIgnoreCase) && p.Value is not null &&
                (!int.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rport) || rport > 65535))
            {
                return false;
            }

            if ((p.Key.Equals("branch", StringComparison.OrdinalIgnoreCase) || p.Key.Equals("received", StringComparison.OrdinalIgnoreCase)) && p.Value is null)
            {
                return false;
            }
        }

        return true;
    }

    private void SetParameter(string name, string? value, bool remove)
    {
        var index = SipParameterReader.IndexOf(_parameters, name);
        if (remove)
        {
            if (index >= 0)
            {
                _parameters.RemoveAt(index);
            }

            return;
        }

        if (value is not null && value.Contains(':', StringComparison.Ordinal) && !value.StartsWith('['))
        {
            value = "[" + value + "]";
        }

        if (index >= 0)
        {
            _parameters[index] = new(_parameters[index].Key, value);
        }
        else
        {
            _parameters.Add(new(name, value));
        }
    }

    private static bool TryToken(ReadOnlySpan<char> s, ref int i, out ReadOnlySpan<char> token)
    {
        i = SipParameterReader.SkipSpace(s, i);
        var start = i;
        while (i < s.Length && SipCharacters.IsToken(s[i]))
        {
            i++;
        }

        token = s[start..i];
        return i > start;
    }

    private static bool TrySlash(ReadOnlySpan<char> s, ref int i)
    {
        i = SipParameterReader.SkipSpace(s, i);
        if (i < s.Length && s[i] == '/')
        {
            i++;
            return true;
        }

        return false;
    }

    private static string Upper(ReadOnlySpan<char> transport)
    {
        foreach (var known in (ReadOnlySpan<string>)["UDP", "TCP", "TLS", "SCTP", "WS", "WSS", "TLS-SCTP", "DTLS"])
        {
            if (transport.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return transport.ToString().ToUpperInvariant();
    }
}
