using System.Globalization;

namespace Bridge.Sdp;

/// <summary>
/// Tolerant SDP reader (RFC 4566 §5, RFC 8866 §5): accepts CRLF or LF, skips blank lines, trims trailing
/// whitespace, keeps unknown line types; rejects what cannot be understood safely (no <c>v=0</c> first, no or a
/// malformed <c>o=</c>, malformed <c>c=</c>, <c>m=</c>, <c>b=</c> or <c>t=</c>, control characters).
/// </summary>
internal static class SdpParser
{
    private const int MaxMediaDescriptions = 64;

    public static bool TryParse(string text, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        SdpOrigin? origin = null;
        string? sessionName = null;
        var session = new SessionDescription { Origin = new SdpOrigin("-", "0", "0", "IN", "IP4", "0.0.0.0") };
        MediaDescription? media = null;
        bool sawVersion = false;
        int lineNumber = 0;
        int position = 0;
        while (position < text.Length)
        {
            int end = text.IndexOf('\n', position);
            if (end < 0)
            {
                end = text.Length;
            }

            ReadOnlySpan<char> line = text.AsSpan(position, end - position).TrimEnd();
            position = end + 1;
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
            {
                return Fail(lineNumber, "not a <type>=<value> line", out error);
            }

            if (line.ContainsAnyInRange('\0', '\u0008') || line.ContainsAnyInRange('\u000A', '\u001F') || line.Contains('\u007F'))
            {
                return Fail(lineNumber, "control character", out error);
            }

            char type = line[0];
            ReadOnlySpan<char> value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v' || !value.SequenceEqual("0"))
                {
                    return Fail(lineNumber, "description must start with v=0", out error);
                }

                sawVersion = true;
                continue;
            }

            if (type == 'm')
            {
                if (session.Media.Count >= MaxMediaDescriptions)
                {
                    return Fail(lineNumber, "too many m= lines", out error);
                }

                media = ParseMedia(value);
                if (media is null)
                {
                    return Fail(lineNumber, "malformed m= line", out error);
                }

                session.Media.Add(media);
                continue;
            }

            string? problem = media is null
                ? ParseSessionLine(session, type, value, ref origin, ref sessionName)
                : ParseMediaLine(media, type, value);
            if (problem is not null)
            {
                return Fail(lineNumber, problem, out error);
            }
        }

        if (!sawVersion)
        {
            error = "empty description";
            return false;
        }

        if (origin is null)
        {
            error = "missing o= line";
            return false;
        }

        session.Origin = origin;
        session.SessionName = sessionName ?? "-";
        sdp = session;
        error = null;
        return true;
    }

    private static string? ParseSessionLine(SessionDescription session, char type, ReadOnlySpan<char> value, ref SdpOrigin? origin, ref string? sessionName)
    {
        switch (type)
        {
            case 'v':
                return "duplicate v= line";
            case 'o':
                if (origin is not null)
                {
                    return "duplicate o= line";
                }

                origin = ParseOrigin(value);
                return origin is null ? "malformed o= line" : null;
            case 's':
                if (sessionName is not null)
                {
                    return "duplicate s= line";
                }

                sessionName = value.ToString();
                return null;
            case 'i':
                session.Information = value.ToString();
                return null;
            case 'u':
                session.Uri = value.ToString();
                return null;
            case 'e':
                session.Emails.Add(value.ToString());
                return null;
            case 'p':
                session.Phones.Add(value.ToString());
                return null;
            case 'c':
                session.Connection = ParseConnection(value);
                return session.Connection is null ? "malformed c= line" : null;
            case 'b':
                return AddBandwidth(session.Bandwidths, value);
            case 't':
                SdpTiming? timing = ParseTiming(value);
                if (timing is null)
                {
                    return "malformed t= line";
                }

                session.Timings.Add(timing);
                return null;
            case 'r':
                if (session.Timings.Count == 0)
                {
                    return "r= line without t= line";
                }

                session.Timings[^1].Repeats.Add(value.ToString());
                return null;
            case 'z':
                session.TimeZones = value.ToString();
                return null;
            case 'k':
                session.Key = value.ToString();
                return null;
            case 'a':
                return AddAttribute(session.Attributes, value);
            default:
                session.OtherLines.Add(new SdpLine(type, value.ToString()));
                return null;
        }
    }

    private static string? ParseMediaLine(MediaDescription media, char type, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case 'i':
                media.Information = value.ToString();
                return null;
            case 'c':
                // RFC 4566 §5.7 allows several c= lines for layered multicast; the first one is used.
                SdpConnection? connection = ParseConnection(value);
                if (connection is null)
                {
                    return "malformed c= line";
                }

                media.Connection ??= connection;
                return null;
            case 'b':
                return AddBandwidth(media.Bandwidths, value);
            case 'k':
                media.Key = value.ToString();
                return null;
            case 'a':
                return AddAttribute(media.Attributes, value);
            default:
                media.OtherLines.Add(new SdpLine(type, value.ToString()));
                return null;
        }
    }

    private static SdpOrigin? ParseOrigin(ReadOnlySpan<char> value)
    {
        Span<Range> parts = stackalloc Range[7];
        int count = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count != 6)
        {
            return null;
        }

        return new SdpOrigin(
            value[parts[0]].ToString(),
            value[parts[1]].ToString(),
            value[parts[2]].ToString(),
            value[parts[3]].ToString(),
            value[parts[4]].ToString(),
            value[parts[5]].ToString());
    }

    private static SdpConnection? ParseConnection(ReadOnlySpan<char> value)
    {
        Span<Range> parts = stackalloc Range[4];
        int count = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        return count != 3 ? null : new SdpConnection(value[parts[0]].ToString(), value[parts[1]].ToString(), value[parts[2]].ToString());
    }

    private static SdpTiming? ParseTiming(ReadOnlySpan<char> value)
    {
        Span<Range> parts = stackalloc Range[3];
        int count = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count != 2
            || !ulong.TryParse(value[parts[0]], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || !ulong.TryParse(value[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        return new SdpTiming(value[parts[0]].ToString(), value[parts[1]].ToString());
    }

    private static string? AddBandwidth(IList<SdpBandwidth> bandwidths, ReadOnlySpan<char> value)
    {
        int colon = value.IndexOf(':');
        if (colon <= 0 || !long.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            return "malformed b= line";
        }

        bandwidths.Add(new SdpBandwidth(value[..colon].ToString(), amount));
        return null;
    }

    private static string? AddAttribute(IList<SdpAttribute> attributes, ReadOnlySpan<char> value)
    {
        int colon = value.IndexOf(':');
        ReadOnlySpan<char> name = colon < 0 ? value : value[..colon];
        if (name.IsEmpty || name.Contains(' '))
        {
            return "malformed a= line";
        }

        attributes.Add(new SdpAttribute(name.ToString(), colon < 0 ? null : value[(colon + 1)..].ToString()));
        return null;
    }

    private static MediaDescription? ParseMedia(ReadOnlySpan<char> value)
    {
        int tokenStart = 0;
        string? mediaType = null;
        string? protocol = null;
        int port = 0;
        int? portCount = null;
        var formats = new List<string>(8);
        int index = 0;
        while (tokenStart < value.Length)
        {
            int space = value[tokenStart..].IndexOf(' ');
            int tokenEnd = space < 0 ? value.Length : tokenStart + space;
            ReadOnlySpan<char> token = value[tokenStart..tokenEnd];
            tokenStart = tokenEnd + 1;
            if (token.IsEmpty)
            {
                continue;
            }

            switch (index++)
            {
                case 0:
                    mediaType = token.ToString();
                    break;
                case 1:
                    if (!TryParsePort(token, out port, out portCount))
                    {
                        return null;
                    }

                    break;
                case 2:
                    protocol = token.ToString();
                    break;
                default:
                    formats.Add(token.ToString());
                    break;
            }
        }

        if (mediaType is null || protocol is null)
        {
            return null;
        }

        return new MediaDescription { Media = mediaType, Port = port, PortCount = portCount, Protocol = protocol, Formats = formats };
    }

    private static bool TryParsePort(ReadOnlySpan<char> token, out int port, out int? portCount)
    {
        portCount = null;
        int slash = token.IndexOf('/');
        ReadOnlySpan<char> portText = slash < 0 ? token : token[..slash];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            return false;
        }

        if (slash >= 0)
        {
            if (!int.TryParse(token[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 65535)
            {
                return false;
            }

            portCount = count;
        }

        return true;
    }

    private static bool Fail(int lineNumber, string reason, out string? error)
    {
        error = string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {reason}");
        return false;
    }
}
