namespace Bridge.Sip.Messages;

/// <summary>The CSeq header value (RFC 3261 §20.16): a sequence number below 2^31 and the request method.</summary>
public readonly record struct SipCSeq(long Number, string Method)
{
    /// <summary>Parses "number LWS method"; the number must fit 32 bits unsigned per §8.1.1.5 (below 2^31 when generated).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SipCSeq value)
    {
        value = default;
        var s = text.Trim();
        var i = 0;
        long number = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            number = (number * 10) + (s[i] - '0');
            if (number > uint.MaxValue)
            {
                return false;
            }

            i++;
        }

        if (i == 0 || i == s.Length || !SipCharacters.IsWhitespace(s[i]))
        {
            return false;
        }

        var method = s[i..].TrimStart();
        if (!SipCharacters.IsToken(method))
        {
            return false;
        }

        value = new SipCSeq(number, SipMethods.Intern(method));
        return true;
    }

    /// <summary>Writes "number method".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Number} {Method}");
}
