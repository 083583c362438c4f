using System.Buffers;

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

    /// <summary>Vectorized sets for scanning runs of one class (each escaped-capable set includes "%").</summary>
    public static readonly SearchValues<char> TokenChars = SearchValues.Create(Build(Token, string.Empty));
    public static readonly SearchValues<char> WordChars = SearchValues.Create(Build(Word, string.Empty));
    public static readonly SearchValues<char> HostChars = SearchValues.Create(Build(HostChar, string.Empty));
    public static readonly SearchValues<char> UserChars = SearchValues.Create(Build(Unreserved | UserUnreserved, "%"));
    public static readonly SearchValues<char> PasswordChars = SearchValues.Create(Build(Unreserved, "%&=+$,"));
    public static readonly SearchValues<char> ParamChars = SearchValues.Create(Build(Unreserved | ParamUnreserved, "%"));
    public static readonly SearchValues<char> HeaderChars = SearchValues.Create(Build(Unreserved | HeaderUnreserved, "%"));
    public static readonly SearchValues<char> GenValueChars = SearchValues.Create(Build(Token, ":[]"));
    public static readonly SearchValues<char> TelChars = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-.()*#%");

    private static string Build(byte mask, string extra)
    {
        var chars = new List<char>(96);
        for (var c = (char)0; c < 128; c++)
        {
            if ((Table[c] & mask) != 0 || extra.Contains(c, StringComparison.Ordinal))
            {
                chars.Add(c);
            }
        }

        return new string(chars.ToArray());
    }

    /// <summary>True when every char of <paramref name="text"/> is in <paramref name="set"/>.</summary>
    public static bool All(ReadOnlySpan<char> text, SearchValues<char> set) => text.IndexOfAnyExcept(set) < 0;

    /// <summary>Length of the run of <paramref name="set"/> chars at the start of <paramref name="text"/>.</summary>
    public static int Run(ReadOnlySpan<char> text, SearchValues<char> set)
    {
        var i = text.IndexOfAnyExcept(set);
        return i < 0 ? text.Length : i;
    }

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

    public static bool IsToken(ReadOnlySpan<char> s) => !s.IsEmpty && s.IndexOfAnyExcept(TokenChars) < 0;

    public static bool IsWord(ReadOnlySpan<char> s) => !s.IsEmpty && s.IndexOfAnyExcept(WordChars) < 0;

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
