using System.Buffers.Text;
using System.Text;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>
/// Parses SIP messages from bytes (RFC 3261 §7, §18.3, §25); header values stay byte ranges until first use. The
/// span overloads give the message its own copy of its bytes. The in-place overloads copy nothing: the message reads
/// the caller's buffer (it is borrowed, see <see cref="SipMessage.IsBorrowed"/>) and is valid only until the caller
/// reuses that buffer, unless <see cref="SipMessage.Detach"/> is called first. Never throws on bad input: the status
/// says what went wrong.
/// </summary>
public static class SipParser
{
    [ThreadStatic]
    private static HeaderLine[]? t_lines;

    /// <summary>
    /// Parses one UDP datagram (§18.3): Content-Length is optional; a shorter Content-Length truncates the body and
    /// extra bytes are discarded; a Content-Length larger than the datagram is malformed. The message owns a copy.
    /// </summary>
    public static SipParseResult ParseDatagram(ReadOnlySpan<byte> datagram, SipParserLimits limits) =>
        ParseDatagram(datagram, null, 0, limits);

    /// <summary>
    /// <see cref="ParseDatagram(ReadOnlySpan{byte}, SipParserLimits)"/> without the copy: the message borrows
    /// <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>].
    /// </summary>
    public static SipParseResult ParseDatagramInPlace(byte[] buffer, int offset, int count, SipParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return ParseDatagram(buffer.AsSpan(offset, count), buffer, offset, limits);
    }

    /// <summary>
    /// Parses the first message of a TCP/TLS stream buffer (§18.3): Content-Length is mandatory and frames the message;
    /// leading CRLFs (keep-alives, RFC 5626 §3.5.1) are skipped; returns Incomplete until the whole message is buffered.
    /// The message owns a copy.
    /// </summary>
    public static SipParseResult ParseStream(ReadOnlySpan<byte> buffered, SipParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Parse(buffered, limits, stream: true, null, 0);
    }

    /// <summary>
    /// <see cref="ParseStream(ReadOnlySpan{byte}, SipParserLimits)"/> without the copy: the message borrows
    /// <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>].
    /// </summary>
    public static SipParseResult ParseStreamInPlace(byte[] buffer, int offset, int count, SipParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(limits);
        return Parse(buffer.AsSpan(offset, count), limits, stream: true, buffer, offset);
    }

    private static SipParseResult ParseDatagram(ReadOnlySpan<byte> datagram, byte[]? source, int sourceOffset, SipParserLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (datagram.Length > limits.MaxMessageSize)
        {
            return new SipParseResult(SipParseStatus.TooLarge, null, datagram.Length, SipParseErrors.MessageTooLarge, LooksLikeRequest(datagram));
        }

        var result = Parse(datagram, limits, stream: false, source, sourceOffset);
        return result.Status == SipParseStatus.Incomplete
            ? result with { Status = SipParseStatus.Malformed, BytesConsumed = datagram.Length, Error = result.Error ?? SipParseErrors.MissingHeaders }
            : result with { BytesConsumed = datagram.Length };
    }

    /// <summary>Parses <paramref name="input"/>; when <paramref name="source"/> is given, <paramref name="input"/> is
    /// <paramref name="source"/>[<paramref name="sourceOffset"/>..] and the message borrows it instead of copying.</summary>
    private static SipParseResult Parse(ReadOnlySpan<byte> input, SipParserLimits limits, bool stream, byte[]? source, int sourceOffset)
    {
        var start = 0;
        while (start < input.Length && input[start] is (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var data = input[start..];
        var isRequest = LooksLikeRequest(data);
        if (data.IsEmpty)
        {
            return new SipParseResult(stream ? SipParseStatus.Incomplete : SipParseStatus.Malformed, null, start, stream ? null : SipParseErrors.BadStartLine, false);
        }

        // Start line.
        var lf = data.IndexOf((byte)'\n');
        if (lf < 0)
        {
            return data.Length > limits.MaxLineLength
                ? Fail(SipParseStatus.TooLarge, SipParseErrors.LineTooLong, isRequest, start)
                : new SipParseResult(SipParseStatus.Incomplete, null, start, SipParseErrors.MissingHeaders, isRequest);
        }

        var startLineEnd = lf > 0 && data[lf - 1] == (byte)'\r' ? lf - 1 : lf;
        if (startLineEnd > limits.MaxLineLength)
        {
            return Fail(SipParseStatus.TooLarge, SipParseErrors.LineTooLong, isRequest, start);
        }

        // Header lines: index name and value ranges relative to the message start.
        var lines = t_lines ??= new HeaderLine[64];
        var count = 0;
        var pos = lf + 1;
        var bodyStart = -1;
        long contentLength = -1;
        string? error = null;
        while (pos < data.Length)
        {
            var next = data[pos..].IndexOf((byte)'\n');
            var lineEnd = next < 0 ? data.Length : pos + next;
            var contentEnd = lineEnd > pos && data[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd - pos > limits.MaxLineLength)
            {
                return Fail(SipParseStatus.TooLarge, SipParseErrors.LineTooLong, isRequest, start);
            }

            if (next < 0 && stream)
            {
                break;
            }

            if (contentEnd == pos)
            {
                bodyStart = next < 0 ? data.Length : lineEnd + 1;
                break;
            }

            var line = data[pos..contentEnd];
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // Folded continuation of the previous header value (§7.3.1).
                if (count == 0)
                {
                    error ??= SipParseErrors.BadHeader;
                }
                else
                {
                    lines[count - 1].ValueEnd = contentEnd;
                }
            }
            else
            {
                if (count == limits.MaxHeaders)
                {
                    return Fail(SipParseStatus.TooLarge, SipParseErrors.TooManyHeaders, isRequest, start);
                }

                if (count == lines.Length)
                {
                    Array.Resize(ref lines, lines.Length * 2);
                    t_lines = lines;
                }

                if (!TryReadHeaderName(line, out var name, out var colon))
                {
                    error ??= SipParseErrors.BadHeader;
                    name = "X-Invalid";
                    colon = line.Length - 1;
                }

                var valueStart = pos + colon + 1;
                while (valueStart < contentEnd && data[valueStart] is (byte)' ' or (byte)'\t')
                {
                    valueStart++;
                }

                lines[count++] = new HeaderLine(name, valueStart, contentEnd);
            }

            if (next < 0)
            {
                bodyStart = data.Length;
                break;
            }

            pos = lineEnd + 1;
        }

        if (bodyStart < 0)
        {
            if (data.Length > limits.MaxMessageSize)
            {
                return Fail(SipParseStatus.TooLarge, SipParseErrors.MessageTooLarge, isRequest, start);
            }

            if (stream)
            {
                return new SipParseResult(SipParseStatus.Incomplete, null, start, null, isRequest);
            }

            bodyStart = data.Length;
        }

        // Content-Length (§18.3, §20.14): every line must agree.
        for (var i = 0; i < count; i++)
        {
            if (!ReferenceEquals(lines[i].Name, SipHeaderNames.ContentLength))
            {
                continue;
            }

            if (!TryParseLength(data[lines[i].ValueStart..TrimEnd(data, lines[i].ValueStart, lines[i].ValueEnd)], out var value))
            {
                error ??= SipParseErrors.BadContentLength;
            }
            else if (contentLength >= 0 && contentLength != value)
            {
                error ??= SipParseErrors.MultipleContentLength;
            }
            else
            {
                contentLength = value;
            }
        }

        int end;
        if (stream)
        {
            if (contentLength < 0)
            {
                // Without Content-Length a stream cannot be framed: the connection must be closed after the answer.
                error ??= SipParseErrors.MissingContentLength;
                end = bodyStart;
            }
            else if (bodyStart + contentLength > limits.MaxMessageSize)
            {
                return Fail(SipParseStatus.TooLarge, SipParseErrors.MessageTooLarge, isRequest, start);
            }
            else if (bodyStart + contentLength > data.Length)
            {
                return new SipParseResult(SipParseStatus.Incomplete, null, start, null, isRequest) { BytesNeeded = start + bodyStart + (int)contentLength };
            }
            else
            {
                end = bodyStart + (int)contentLength;
            }
        }
        else if (contentLength < 0)
        {
            end = data.Length;
        }
        else if (bodyStart + contentLength > data.Length)
        {
            error ??= SipParseErrors.BadContentLength;
            end = data.Length;
        }
        else
        {
            end = bodyStart + (int)contentLength;
        }

        // The message's bytes: a copy it owns, or the caller's buffer, borrowed.
        var headers = source is null
            ? new SipHeaders(data[..end].ToArray(), 0, end, count, borrowed: false)
            : new SipHeaders(source, sourceOffset + start, end, count, borrowed: true);
        for (var i = 0; i < count; i++)
        {
            ref readonly var l = ref lines[i];
            var valueEnd = TrimEnd(data, l.ValueStart, l.ValueEnd);
            headers.AddRaw(l.Name, l.ValueStart, valueEnd - l.ValueStart);
            lines[i] = default;
        }

        var message = SipStartLineReader.Read(data[..startLineEnd], headers, out var startLineError);
        error ??= startLineError;
        if (message is not null)
        {
            message.SetParsedBody(bodyStart, end - bodyStart);
            error ??= SipMessageValidator.Validate(message);
        }

        var consumed = start + end;
        if (error is not null || message is null)
        {
            var status = string.Equals(error, SipParseErrors.MessageTooLarge, StringComparison.Ordinal) ? SipParseStatus.TooLarge : SipParseStatus.Malformed;
            return new SipParseResult(status, message is SipRequest ? message : null, consumed, error ?? SipParseErrors.BadStartLine, isRequest);
        }

        return new SipParseResult(SipParseStatus.Ok, message, consumed, null, isRequest);
    }

    private static SipParseResult Fail(SipParseStatus status, string error, bool isRequest, int consumed) =>
        new(status, null, consumed, error, isRequest);

    private static bool LooksLikeRequest(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && data[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        data = data[i..];
        return !data.IsEmpty && !data.StartsWith("SIP/"u8) && SipCharacters.IsToken((char)data[0]);
    }

    private static int TrimEnd(ReadOnlySpan<byte> data, int start, int end)
    {
        while (end > start && data[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return end;
    }

    private static bool TryParseLength(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length && value <= int.MaxValue;
    }

    /// <summary>header-name HCOLON (§7.3.1): token, optional whitespace, colon; names become canonical strings.</summary>
    private static bool TryReadHeaderName(ReadOnlySpan<byte> line, out string name, out int colon)
    {
        name = string.Empty;
        colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }

        var end = colon;
        while (end > 0 && line[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }

        var raw = line[..end];
        if (raw.IsEmpty || raw.Length > 128)
        {
            return false;
        }

        if (SipHeaderNames.TryGetCanonical(raw) is { } known)
        {
            name = known;
            return true;
        }

        Span<char> chars = stackalloc char[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = (char)raw[i];
            if (!SipCharacters.IsToken(c))
            {
                return false;
            }

            chars[i] = c;
        }

        name = new string(chars);
        return true;
    }

    private struct HeaderLine(string name, int valueStart, int valueEnd)
    {
        public readonly string Name = name;
        public readonly int ValueStart = valueStart;
        public int ValueEnd = valueEnd;
    }
}
