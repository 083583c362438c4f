namespace Bridge.Sip.Messages;

/// <summary>Character classes of the SIP grammar (RFC 3261 §25.1) as one flags table.</summary>
internal static class SipCharacters
{
    private const byte Token = 1;
    private const byte Unreserved = 2;
    private const byte UserUnreserved = 4;
    private const byte ParamUnreserved = 8;
    private const byte HeaderUnreserved = 16;
    private const byte Word = 32;
    private const byte HostChar = 64;

    private static readonly byte[] Table = BuildTable();

    private static byte[] BuildTable()
    {
        var t = new byte[128];
        for (var c = 'a'; c <= 'z'; c++)
        {
            t[c] = Token | Unreserved | Word | HostChar;
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            t[c] = Token | Unreserved | Word | HostChar;
        }

        for (var c = '0'; c <= '9'; c++)
        {
            t[c] = Token | Unreserved | Word | HostChar;
        }

        foreach (var c in "-.!%*_+`'~")
        {
            t[c] |= Token | Word;
        }

        // unreserved = alphanum / mark; mark = - _ . ! ~ * ' ( )
        foreach (var c in "-_.!~*'()")
        {
            t[c] |= Unreserved;
        }

        foreach (var c in "&=+$,;?/")
        {
            t[c] |= UserUnreserved;
        }

        foreach (var c in "[]/:&+$")
        {
            t[c] |= ParamUnreserved;
        }

        foreach (var c in "[]/?:+$")
        {
            t[c] |= HeaderUnreserved;
        }

        foreach (var c in "()<>:\\\"/[]?{}")
        {
            t[c] |= Word;
        }

        t['-'] |= HostChar;
        t['.'] |= HostChar;
        t['_'] |= HostChar;
        return t;
    }

    public static bool IsToken(char c) => c < 128 && (Table[c] & Token) != 0;

    public static bool IsWord(char c) => c < 128 && (Table[c] & Word) != 0;

    public static bool IsUnreserved(char c) => c < 128 && (Table[c] & Unreserved) != 0;

    public static bool IsUserChar(char c) => c < 128 && (Table[c] & (Unreserved | UserUnreserved)) != 0;

    public static bool IsPasswordChar(char c) => c < 128 && ((Table[c] & Unreserved) != 0 || c is '&' or '=' or '+' or '$' or ',');

    public static bool IsParamChar(char c) => c < 128 && (Table[c] & (Unreserved | ParamUnreserved)) != 0;

    public static bool IsHeaderChar(char c) => c < 128 && (Table[c] & (Unreserved | HeaderUnreserved)) != 0;

    public static bool IsHostChar(char c) => c < 128 && (Table[c] & HostChar) != 0;

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsToken(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWord(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsWord(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
