using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>Finds the SDP in a <c>multipart/mixed</c> (or <c>multipart/related</c>, <c>multipart/alternative</c>) body
/// (RFC 5621, MIME framing of RFC 2046 §5.1): the first <c>application/sdp</c> part is the session description; other
/// parts are ignored when their Content-Disposition says <c>handling=optional</c> and make the body unusable (415)
/// when they are required (RFC 3261 §20.11: required is the default).</summary>
internal static class SipMultipartBody
{
    public enum Outcome
    {
        /// <summary>An SDP part was found (all other parts optional).</summary>
        Sdp,

        /// <summary>No SDP part, and every other part optional: the request carries no offer.</summary>
        NoSdp,

        /// <summary>A part the bridge does not understand is required: 415.</summary>
        UnsupportedRequired,

        /// <summary>No boundary, or the body is not framed by it: 400.</summary>
        Malformed,
    }

    public static bool IsMultipart(string? contentType) =>
        contentType is not null && contentType.TrimStart().StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="body"/>; on <see cref="Outcome.Sdp"/>, <paramref name="sdp"/> is that part's content.</summary>
    public static Outcome FindSdp(string contentType, ReadOnlyMemory<byte> body, out ReadOnlyMemory<byte> sdp)
    {
        sdp = ReadOnlyMemory<byte>.Empty;
        var boundary = Boundary(contentType);
        if (boundary is null)
        {
            return Outcome.Malformed;
        }

        // Latin-1 keeps one char per byte, so offsets in the text are offsets in the (possibly binary) body.
        var text = Encoding.Latin1.GetString(body.Span);
        var delimiter = "--" + boundary;
        var at = text.StartsWith(delimiter, StringComparison.Ordinal) ? 0 : text.IndexOf("\r\n" + delimiter, StringComparison.Ordinal);
        if (at < 0)
        {
            return Outcome.Malformed;
        }

        at = at == 0 ? delimiter.Length : at + 2 + delimiter.Length;
        var found = false;
        while (true)
        {
            if (string.CompareOrdinal(text, at, "--", 0, 2) == 0)
            {
                return found ? Outcome.Sdp : Outcome.NoSdp; // close delimiter
            }

            var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
            var next = lineEnd < 0 ? -1 : text.IndexOf("\r\n" + delimiter, lineEnd, StringComparison.Ordinal);
            if (next < 0)
            {
                return Outcome.Malformed;
            }

            var part = text.AsSpan(lineEnd + 2, next - lineEnd - 2);
            var headersEnd = part.StartsWith("\r\n") ? 0 : part.IndexOf("\r\n\r\n");
            if (headersEnd < 0)
            {
                return Outcome.Malformed;
            }

            var contentStart = lineEnd + 2 + headersEnd + (headersEnd == 0 ? 2 : 4);
            ReadPartHeaders(part[..headersEnd], out var type, out var optional);
            if (!found && type.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
            {
                sdp = body.Slice(contentStart, next - contentStart);
                found = true;
            }
            else if (!optional)
            {
                return Outcome.UnsupportedRequired;
            }

            at = next + 2 + delimiter.Length;
        }
    }

    private static string? Boundary(string contentType)
    {
        foreach (var parameter in contentType.Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                var value = trimmed["boundary=".Length..].Trim().Trim('"');
                return value.Length is > 0 and <= 70 ? value : null;
            }
        }

        return null;
    }

    private static void ReadPartHeaders(ReadOnlySpan<char> headers, out string type, out bool optional)
    {
        type = "text/plain"; // RFC 2046 §5.1: the default of a part without Content-Type
        optional = false;
        foreach (var range in headers.Split("\r\n"))
        {
            var line = headers[range];
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("c", StringComparison.OrdinalIgnoreCase))
            {
                type = value.ToString();
            }
            else if (name.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
            {
                optional = value.ToString().Replace(" ", string.Empty, StringComparison.Ordinal)
                    .Contains(";handling=optional", StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
