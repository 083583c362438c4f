using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7): start line, headers and body. The convenience properties parse their
/// header on first access and cache the result until the headers change; they return null when the header is absent
/// or unparseable. Parsed values are copies: to change the message, edit <see cref="Headers"/> (or use
/// <see cref="SetTopVia"/>). A message is not thread-safe; hand it to one thread at a time.
/// </summary>
public abstract class SipMessage
{
    private static readonly SipVia[] NoVias = [];
    private int _cacheVersion = -1;
    private Cached _cached;
    private ReadOnlyMemory<byte> _body;
    private int _parsedBodyStart = -1;

    private protected SipMessage(SipHeaders headers)
    {
        Headers = headers;
    }

    /// <summary>The header fields.</summary>
    public SipHeaders Headers { get; }

    /// <summary>The message body; Content-Length is written from its length.</summary>
    public ReadOnlyMemory<byte> Body
    {
        get
        {
            ObjectDisposedException.ThrowIf(_parsedBodyStart >= 0 && Headers.IsReleased, this);
            return _body;
        }

        set
        {
            _body = value;
            _parsedBodyStart = -1;
        }
    }

    /// <summary>
    /// True while the message reads a transport's receive buffer: valid only during the dispatch that received it.
    /// Whatever keeps the message longer (a transaction, a dialog, the application) calls <see cref="Detach"/> first.
    /// </summary>
    public bool IsBorrowed => Headers.IsBorrowed;

    /// <summary>
    /// Gives a borrowed message its own copy of its bytes (one array of exactly its length) so that it outlives the
    /// receive buffer; nothing happens to a message that already owns its bytes. Parsed values stay as they are.
    /// </summary>
    public void Detach()
    {
        if (Headers.Detach() is { } copy && _parsedBodyStart >= 0)
        {
            _body = copy.AsMemory(_parsedBodyStart, _body.Length);
        }
    }

    /// <summary>Transport use, after dispatch: ends the loan of the receive buffer; later reads of raw bytes throw.</summary>
    internal void EndBorrow() => Headers.Release();

    /// <summary>Parser use: the body is bytes <paramref name="start"/>..+<paramref name="length"/> of the parsed message.</summary>
    internal void SetParsedBody(int start, int length)
    {
        _body = Headers.RawMemory(start, length);
        _parsedBodyStart = start;
    }

    /// <summary>Call-ID (§20.8), or null.</summary>
    public string? CallId => Headers.IndexOf(SipHeaderNames.CallId, 0) is var i and >= 0 ? Headers.GetValue(i).Trim() : null;

    /// <summary>CSeq (§20.16), or null.</summary>
    public SipCSeq? CSeq
    {
        get
        {
            ref var c = ref Cache();
            if (!c.CSeqDone)
            {
                c.CSeqDone = true;
                var value = Headers[SipHeaderNames.CSeq];
                c.CSeq = value is not null && SipCSeq.TryParse(value, out var cseq) ? cseq : null;
            }

            return c.CSeq;
        }
    }

    /// <summary>The first Via value (§20.42), or null.</summary>
    public SipVia? TopVia
    {
        get
        {
            var vias = Vias;
            return vias.Count > 0 ? vias[0] : null;
        }
    }

    /// <summary>All Via values in order (every line, comma lists split); empty when absent or any value is unparseable.</summary>
    public IReadOnlyList<SipVia> Vias
    {
        get
        {
            ref var c = ref Cache();
            if (c.Vias is null)
            {
                var values = Headers.GetValues(SipHeaderNames.Via);
                var list = new SipVia[values.Count];
                for (var i = 0; i < list.Length; i++)
                {
                    if (!SipVia.TryParse(values[i], out var via))
                    {
                        c.Vias = NoVias;
                        return NoVias;
                    }

                    list[i] = via;
                }

                c.Vias = list;
            }

            return c.Vias;
        }
    }

    /// <summary>From (§20.20), or null.</summary>
    public SipNameAddress? From => NameAddress(SipHeaderNames.From, ref Cache().From);

    /// <summary>To (§20.39), or null.</summary>
    public SipNameAddress? To => NameAddress(SipHeaderNames.To, ref Cache().To);

    /// <summary>The first Contact value (§20.10), or null (also for "*").</summary>
    public SipNameAddress? Contact
    {
        get
        {
            ref var c = ref Cache();
            if (!c.ContactDone)
            {
                c.ContactDone = true;
                var values = Headers.GetValues(SipHeaderNames.Contact);
                c.Contact = values.Count > 0 && SipNameAddress.TryParse(values[0], out var contact) ? contact : null;
            }

            return c.Contact;
        }
    }

    /// <summary>Max-Forwards (§20.22), or null.</summary>
    public int? MaxForwards
    {
        get
        {
            var value = Headers[SipHeaderNames.MaxForwards];
            return value is not null && int.TryParse(value.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255 ? n : null;
        }
    }

    /// <summary>Content-Type (§20.15) as written, or null.</summary>
    public string? ContentType => Headers[SipHeaderNames.ContentType]?.Trim();

    /// <summary>Writes <paramref name="via"/> in place of the first Via value (e.g. after setting received/rport, §18.2.1).</summary>
    public void SetTopVia(SipVia via)
    {
        ArgumentNullException.ThrowIfNull(via);
        Headers.ReplaceFirstValue(SipHeaderNames.Via, via.ToString());
    }

    /// <summary>Adds a Via value on top (a request this element sends or forwards, §8.1.1.7).</summary>
    public void PushVia(SipVia via)
    {
        ArgumentNullException.ThrowIfNull(via);
        Headers.InsertFirst(SipHeaderNames.Via, via.ToString());
    }

    /// <summary>Removes the first Via value; false when there is none.</summary>
    public bool RemoveTopVia() => Headers.RemoveFirstValue(SipHeaderNames.Via);

    /// <summary>Serializes the message into a new array of exactly its size; Content-Length is written from <see cref="Body"/>.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[GetWireLength()];
        Write(bytes);
        return bytes;
    }

    /// <summary>Serializes the message into <paramref name="output"/> (RFC 3261 §7); any Content-Length header is replaced by the body length (§20.14).</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = GetWireLength();
        Write(output.GetSpan(length));
        output.Advance(length);
    }

    /// <summary>Serializes into <paramref name="destination"/> (e.g. a pooled send buffer); false when it is too small.</summary>
    public bool TryWriteTo(Span<byte> destination, out int written)
    {
        written = GetWireLength();
        if (written > destination.Length)
        {
            written = 0;
            return false;
        }

        Write(destination);
        return true;
    }

    /// <summary>The number of bytes <see cref="WriteTo(IBufferWriter{byte})"/> writes.</summary>
    public int GetWireLength()
    {
        var length = GetStartLineLength();
        var headers = Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.GetName(i);
            if (ReferenceEquals(name, SipHeaderNames.ContentLength))
            {
                continue;
            }

            length += Utf8Length(name) + 4;
            length += headers.TryGetRaw(i, out var raw) ? raw.Length : Utf8Length(headers.GetValue(i));
        }

        return length + ContentLengthPrefix.Length + DigitCount(Body.Length) + 4 + Body.Length;
    }

    private static ReadOnlySpan<byte> ContentLengthPrefix => "Content-Length: "u8;

    private void Write(Span<byte> destination)
    {
        var at = WriteStartLine(destination);
        var headers = Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.GetName(i);
            if (ReferenceEquals(name, SipHeaderNames.ContentLength))
            {
                continue;
            }

            at += Encoding.UTF8.GetBytes(name, destination[at..]);
            destination[at++] = (byte)':';
            destination[at++] = (byte)' ';
            if (headers.TryGetRaw(i, out var raw))
            {
                raw.CopyTo(destination[at..]);
                at += raw.Length;
            }
            else
            {
                at += Encoding.UTF8.GetBytes(headers.GetValue(i), destination[at..]);
            }

            destination[at++] = (byte)'\r';
            destination[at++] = (byte)'\n';
        }

        ContentLengthPrefix.CopyTo(destination[at..]);
        at += ContentLengthPrefix.Length;
        Utf8Formatter.TryFormat(Body.Length, destination[at..], out var digits);
        at += digits;
        "\r\n\r\n"u8.CopyTo(destination[at..]);
        at += 4;
        Body.Span.CopyTo(destination[at..]);
    }

    /// <summary>UTF-8 length of a string (ASCII fast path).</summary>
    private protected static int Utf8Length(string text) => Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetByteCount(text);

    private protected static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    /// <summary>Returns the text form (for logs and tests; the body is decoded as UTF-8).</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    /// <summary>Length of the start line with its CRLF.</summary>
    private protected abstract int GetStartLineLength();

    /// <summary>Writes the start line with its CRLF; returns its length.</summary>
    private protected abstract int WriteStartLine(Span<byte> destination);

    private SipNameAddress? NameAddress(string name, ref SipNameAddress? slot)
    {
        if (slot is null)
        {
            var value = Headers[name];
            if (value is not null && SipNameAddress.TryParse(value, out var parsed))
            {
                slot = parsed;
            }
        }

        return slot;
    }

    private ref Cached Cache()
    {
        if (_cacheVersion != Headers.Version)
        {
            _cached = default;
            _cacheVersion = Headers.Version;
        }

        return ref _cached;
    }

    private struct Cached
    {
        public bool CSeqDone;
        public SipCSeq? CSeq;
        public SipVia[]? Vias;
        public SipNameAddress? From;
        public SipNameAddress? To;
        public bool ContactDone;
        public SipNameAddress? Contact;
    }
}
