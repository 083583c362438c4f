using System.Text;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>Reads the Request-Line or Status-Line (RFC 3261 §7.1, §7.2, §25.1): single SPs, exact "SIP/2.0".</summary>
internal static class SipStartLineReader
{
    /// <summary>Reads the start line <paramref name="line"/>, the first bytes of the message <paramref name="headers"/> were parsed from.</summary>
    public static SipMessage? Read(ReadOnlySpan<byte> line, SipHeaders headers, out string? error)
    {
        error = null;
        if (line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ReadStatusLine(line, headers, out error);
        }

        return ReadRequestLine(line, headers, out error);
    }

    private static SipResponse? ReadStatusLine(ReadOnlySpan<byte> line, SipHeaders headers, out string? error)
    {
        error = null;
        var sp = line.IndexOf((byte)' ');
        if (sp < 0)
        {
            error = SipParseErrors.BadStartLine;
            return null;
        }

        if (!IsVersion20(line[..sp]))
        {
            error = SipParseErrors.VersionNotSupported;
            return null;
        }

        var rest = line[(sp + 1)..];
        var codeEnd = rest.IndexOf((byte)' ');
        var code = codeEnd < 0 ? rest : rest[..codeEnd];
        if (code.Length != 3 || !char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2]))
        {
            error = SipParseErrors.BadStatusCode;
            return null;
        }

        var status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (status is < 100 or > 699)
        {
            error = SipParseErrors.BadStatusCode;
            return null;
        }

        var reasonBytes = codeEnd < 0 ? [] : rest[(codeEnd + 1)..];
        if (reasonBytes.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            error = SipParseErrors.BadStartLine;
            return null;
        }

        var reason = reasonBytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(reasonBytes);
        return new SipResponse(status, reason, headers);
    }

    private static SipRequest? ReadRequestLine(ReadOnlySpan<byte> line, SipHeaders headers, out string? error)
    {
        error = null;
        var sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0)
        {
            error = SipParseErrors.BadStartLine;
            return null;
        }

        var methodBytes = line[..sp1];
        foreach (var b in methodBytes)
        {
            if (!SipCharacters.IsToken((char)b))
            {
                error = SipParseErrors.BadStartLine;
                return null;
            }
        }

        var method = SipMethods.Intern(methodBytes);
        var rest = line[(sp1 + 1)..];
        var sp2 = rest.LastIndexOf((byte)' ');
        if (sp2 <= 0)
        {
            error = SipParseErrors.BadStartLine;
            return new SipRequest(method, (SipUri?)null, headers);
        }

        var uriBytes = rest[..sp2];
        var version = rest[(sp2 + 1)..];
        if (uriBytes.IndexOfAny((byte)' ', (byte)'\t') >= 0 || version.IsEmpty)
        {
            // Extra whitespace inside the Request-Line (RFC 4475 §3.1.2.7 lwsruri, §3.1.2.8 lwsstart, §3.1.2.9 trws).
            error = SipParseErrors.BadStartLine;
            return new SipRequest(method, (SipUri?)null, headers);
        }

        if (!IsVersion20(version))
        {
            error = version.Length >= 4 && Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8) && IsVersionSyntax(version)
                ? SipParseErrors.VersionNotSupported
                : SipParseErrors.BadStartLine;
            return new SipRequest(method, (SipUri?)null, headers);
        }

        Span<char> chars = uriBytes.Length <= 1024 ? stackalloc char[uriBytes.Length] : new char[uriBytes.Length];
        for (var i = 0; i < uriBytes.Length; i++)
        {
            var b = uriBytes[i];
            if (b is < 0x21 or > 0x7E)
            {
                error = SipParseErrors.BadRequestUri;
                return new SipRequest(method, (SipUri?)null, headers);
            }

            chars[i] = (char)b;
        }

        // The Request-URI must not carry URI headers (§19.1.1 table; RFC 4475 §3.1.2.11 escruri) nor angle brackets (§3.1.2.6).
        if (!SipUri.IsValid(chars) || HasUriHeaders(chars))
        {
            error = SipParseErrors.BadRequestUri;
            return new SipRequest(method, (SipUri?)null, headers);
        }

        return new SipRequest(method, sp1 + 1, uriBytes.Length, headers);
    }

    /// <summary>True for a sip/sips URI with a "?headers" part (the user part may itself hold "?").</summary>
    private static bool HasUriHeaders(ReadOnlySpan<char> uri)
    {
        if (!uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) && !uri.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var at = uri.IndexOf('@');
        return uri[(at + 1)..].IndexOf('?') >= 0;
    }

    private static bool IsVersion20(ReadOnlySpan<byte> version) => version.Length == 7 && Ascii.EqualsIgnoreCase(version, "SIP/2.0"u8);

    private static bool IsVersionSyntax(ReadOnlySpan<byte> version)
    {
        // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT
        var v = version[4..];
        var dot = v.IndexOf((byte)'.');
        if (dot <= 0 || dot == v.Length - 1)
        {
            return false;
        }

        foreach (var b in v)
        {
            if (b != (byte)'.' && !char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
