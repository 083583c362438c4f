using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>
/// A SIP request or response (RFC 3261 §7): start line, headers and body. The convenience properties parse their
/// header on first access and cache the result until the headers change; they return null when the header is absent
/// or unparseable.
/// </summary>
public abstract class SipMessage
{
    private static readonly SipVia[] NoVias = [];
    private int _cacheVersion = -1;
    private Cached _cached;

    private protected SipMessage(SipHeaders headers)
    {
        Headers = headers;
    }

    /// <summary>The header fields.</summary>
    public SipHeaders Headers { get; }

    /// <summary>The message body; Content-Length is written from its length.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

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

    /// <summary>Serializes the message; Content-Length is written from <see cref="Body"/>.</summary>
    public byte[] ToBytes()
    {
        var writer = new ArrayBufferWriter<byte>(512 + Body.Length);
        WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes the message into <paramref name="output"/> (RFC 3261 §7); any Content-Length header is replaced by the body length.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteStartLine(output);
        var headers = Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.GetName(i);
            if (ReferenceEquals(name, SipHeaderNames.ContentLength))
            {
                continue;
            }

            SipWriter.WriteAscii(output, name);
            SipWriter.WriteAscii(output, ": ");
            if (headers.TryGetRaw(i, out var raw))
            {
                output.Write(raw);
            }
            else
            {
                SipWriter.WriteUtf8(output, headers.GetValue(i));
            }

            SipWriter.WriteCrlf(output);
        }

        SipWriter.WriteAscii(output, "Content-Length: ");
        SipWriter.WriteNumber(output, Body.Length);
        SipWriter.WriteAscii(output, "\r\n\r\n");
        if (!Body.IsEmpty)
        {
            output.Write(Body.Span);
        }
    }

    /// <summary>Returns the text form (for logs and tests; the body is decoded as UTF-8).</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    private protected abstract void WriteStartLine(IBufferWriter<byte> output);

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
