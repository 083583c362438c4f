namespace Bridge.Sip.Transport;

/// <summary>
/// Says when a stream buffer may hold the whole message that starts at its first byte, so that a connection parses
/// each message once or twice rather than once per read (RFC 3261 §18.3). Without it a peer that trickles a large
/// message a few bytes per segment makes every read re-parse everything buffered so far: quadratic work that a few
/// connections could turn into a CPU denial of service. The framer remembers how far it searched for the blank line
/// that ends the header block and, once the parser has read Content-Length, how long the message will be.
/// Positions are relative to the message's first byte, so they survive the buffer being compacted.
/// </summary>
internal sealed class SipStreamFramer
{
    private int _searched;
    private int _length;

    /// <summary>True when parsing <paramref name="message"/> (buffered bytes from the message's first byte) may succeed.</summary>
    public bool MayBeComplete(ReadOnlySpan<byte> message)
    {
        if (_length > 0)
        {
            return message.Length >= _length;
        }

        // A blank line is a LF followed by CRLF or LF; back up so that one split across reads is still seen.
        var from = Math.Max(0, _searched - 2);
        if (IndexOfBlankLine(message, from) >= 0)
        {
            return true;
        }

        _searched = message.Length;
        return false;
    }

    /// <summary>The parser found the header block but not yet the whole body: wait for <paramref name="length"/> bytes
    /// in all (or, when it could not say, for more bytes than are buffered now).</summary>
    public void AwaitLength(int length, int buffered) => _length = length > buffered ? length : buffered + 1;

    /// <summary>A message was taken from the buffer: the next one starts fresh.</summary>
    public void Reset()
    {
        _searched = 0;
        _length = 0;
    }

    private static int IndexOfBlankLine(ReadOnlySpan<byte> data, int from)
    {
        for (var i = from; i < data.Length;)
        {
            var lf = data[i..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return -1;
            }

            i += lf + 1;
            if (i < data.Length && data[i] == (byte)'\n')
            {
                return i + 1;
            }

            if (i + 1 < data.Length && data[i] == (byte)'\r' && data[i + 1] == (byte)'\n')
            {
                return i + 2;
            }
        }

        return -1;
    }
}
