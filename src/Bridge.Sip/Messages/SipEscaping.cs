using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>Percent-escaping of URI components (RFC 3261 §25.1 "escaped", RFC 3986 §2.1).</summary>
internal static class SipEscaping
{
    /// <summary>Unescapes %HH sequences (bytes taken as UTF-8); false on a malformed escape.</summary>
    public static bool TryUnescape(ReadOnlySpan<char> text, out string value)
    {
        if (text.IndexOf('%') < 0)
        {
            value = text.ToString();
            return true;
        }

        var bytes = text.Length <= 256 ? stackalloc byte[text.Length * 3] : new byte[text.Length * 3];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length)
                {
                    value = string.Empty;
                    return false;
                }

                var hi = SipCharacters.HexValue(text[i + 1]);
                var lo = SipCharacters.HexValue(text[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    value = string.Empty;
                    return false;
                }

                bytes[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else if (c < 128)
            {
                bytes[n++] = (byte)c;
            }
            else
            {
                n += Encoding.UTF8.GetBytes(text.Slice(i, 1), bytes[n..]);
            }
        }

        value = Encoding.UTF8.GetString(bytes[..n]);
        return true;
    }

    /// <summary>Appends <paramref name="text"/> escaping every character that <paramref name="allowed"/> rejects.</summary>
    public static void AppendEscaped(StringBuilder builder, string text, Func<char, bool> allowed)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '%' && allowed(c))
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            for (var j = 0; j < length; j++)
            {
                builder.Append('%').Append(ToHex(utf8[j] >> 4)).Append(ToHex(utf8[j] & 0xF));
            }
        }
    }

    private static char ToHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
