using System.Text;

namespace Bridge.Calls.Legs;

/// <summary>
/// Reads a digit from a SIP INFO body: <c>application/dtmf-relay</c> (<c>Signal=5</c>, the de facto
/// format of Cisco and most PBXs) and <c>application/dtmf</c> (the digit alone).
/// </summary>
internal static class DtmfInfoParser
{
    public static bool TryParse(string? contentType, ReadOnlySpan<byte> body, out char digit)
    {
        digit = '\0';
        if (contentType is null || body.Length == 0 || body.Length > 512)
        {
            return false;
        }

        var type = contentType.AsSpan();
        var semicolon = type.IndexOf(';');
        if (semicolon >= 0)
        {
            type = type[..semicolon];
        }

        type = type.Trim();
        var text = Encoding.ASCII.GetString(body).AsSpan().Trim();
        if (type.Equals("application/dtmf", StringComparison.OrdinalIgnoreCase))
        {
            return TryDigit(text, out digit);
        }

        if (!type.Equals("application/dtmf-relay", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var range in text.SplitAny("\r\n"))
        {
            var line = text[range].Trim();
            var equals = line.IndexOf('=');
            if (equals > 0 && line[..equals].Trim().Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                return TryDigit(line[(equals + 1)..].Trim(), out digit);
            }
        }

        return false;
    }

    private static bool TryDigit(ReadOnlySpan<char> value, out char digit)
    {
        digit = '\0';
        if (value.Length == 2 && value[0] == '1' && value[1] is >= '0' and <= '1')
        {
            // RFC 4733 event codes 10 and 11 written as numbers by some gateways.
            digit = value[1] == '0' ? '*' : '#';
            return true;
        }

        if (value.Length != 1)
        {
            return false;
        }

        var c = char.ToUpperInvariant(value[0]);
        if (c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D'))
        {
            digit = c;
            return true;
        }

        return false;
    }
}
