using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>
/// name-addr or addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39, §25.1), as in From, To, Contact,
/// Route and Record-Route. Without angle brackets, parameters after the URI belong to the header, not the URI.
/// </summary>
public sealed class SipNameAddress
{
    private static readonly KeyValuePair<string, string?>[] NoParameters = [];
    private string? _text;

    /// <summary>Creates a value from parts.</summary>
    public SipNameAddress(SipUri uri, string? displayName = null, IReadOnlyList<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? NoParameters;
    }

    /// <summary>Display name without quotes and escapes, or null.</summary>
    public string? DisplayName { get; }

    /// <summary>The URI.</summary>
    public SipUri Uri { get; }

    /// <summary>The tag parameter (§19.3), or null.</summary>
    public string? Tag => GetParameter("tag");

    /// <summary>Header parameters in order (quoted values keep their quotes).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    /// <summary>Value of a header parameter (case-insensitive), or null.</summary>
    public string? GetParameter(string name) => SipParameterReader.Find(Parameters, name);

    /// <summary>Parses name-addr / addr-spec followed by parameters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipNameAddress? value)
    {
        value = null;
        var s = text.Trim();
        if (s.IsEmpty)
        {
            return false;
        }

        string? displayName = null;
        ReadOnlySpan<char> uriText;
        ReadOnlySpan<char> rest;
        var lt = IndexOfUnquoted(s, '<');
        if (s[0] == '"')
        {
            var end = 0;
            if (!SipParameterReader.TrySkipQuoted(s, ref end))
            {
                return false;
            }

            displayName = Unquote(s[1..(end - 1)]);
            end = SipParameterReader.SkipSpace(s, end);
            if (end >= s.Length || s[end] != '<')
            {
                return false;
            }

            lt = end;
        }
        else if (lt >= 0)
        {
            var dn = s[..lt].Trim();
            foreach (var c in dn)
            {
                if (!SipCharacters.IsToken(c) && !SipCharacters.IsWhitespace(c))
                {
                    return false;
                }
            }

            displayName = dn.IsEmpty ? null : CollapseSpaces(dn);
        }

        if (lt >= 0)
        {
            var gt = s[lt..].IndexOf('>');
            if (gt < 0)
            {
                return false;
            }

            uriText = s[(lt + 1)..(lt + gt)];
            rest = s[(lt + gt + 1)..];
        }
        else
        {
            // addr-spec: the URI may not hold ";", "?" or "," (§20.10), so parameters start at the first ";".
            var semi = s.IndexOf(';');
            uriText = (semi >= 0 ? s[..semi] : s).TrimEnd();
            rest = semi >= 0 ? s[semi..] : [];
            if (uriText.IndexOfAny('?', ',') >= 0)
            {
                return false;
            }
        }

        if (uriText.IsEmpty || uriText.IndexOfAny(" \t\r\n") >= 0 || !SipUri.TryParse(uriText, out var uri))
        {
            return false;
        }

        List<KeyValuePair<string, string?>>? parameters = null;
        if (!rest.IsEmpty)
        {
            parameters = new List<KeyValuePair<string, string?>>(2);
            if (!SipParameterReader.TryParse(rest, parameters))
            {
                return false;
            }
        }

        value = new SipNameAddress(uri, displayName, parameters);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static SipNameAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value) ? value : throw new FormatException("Invalid name-addr.");
    }

    /// <summary>A copy with the tag parameter set (§8.2.6.2: the UAS adds a To tag).</summary>
    public SipNameAddress WithTag(string tag) => WithParameter("tag", tag);

    /// <summary>A copy with a parameter set or replaced.</summary>
    public SipNameAddress WithParameter(string name, string? value)
    {
        var list = new List<KeyValuePair<string, string?>>(Parameters.Count + 1);
        var replaced = false;
        foreach (var p in Parameters)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                if (!replaced)
                {
                    list.Add(new(name, value));
                    replaced = true;
                }
            }
            else
            {
                list.Add(p);
            }
        }

        if (!replaced)
        {
            list.Add(new(name, value));
        }

        return new SipNameAddress(Uri, DisplayName, list);
    }

    /// <summary>Writes <c>"Display" &lt;uri&gt;;params</c>, always in angle brackets.</summary>
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        var b = new StringBuilder(64);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            b.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    b.Append('\\');
                }

                b.Append(c);
            }

            b.Append("\" ");
        }

        b.Append('<').Append(Uri.ToString()).Append('>');
        SipParameterReader.Append(b, Parameters);
        return _text = b.ToString();
    }

    private static int IndexOfUnquoted(ReadOnlySpan<char> s, char target)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                if (!SipParameterReader.TrySkipQuoted(s, ref i))
                {
                    return -1;
                }

                i--;
                continue;
            }

            if (s[i] == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unquote(ReadOnlySpan<char> inner)
    {
        if (inner.IndexOf('\\') < 0)
        {
            return inner.ToString();
        }

        var b = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            b.Append(inner[i]);
        }

        return b.ToString();
    }

    private static string CollapseSpaces(ReadOnlySpan<char> text)
    {
        var b = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (SipCharacters.IsWhitespace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                b.Append(' ');
                space = false;
            }

            b.Append(c);
        }

        return b.ToString();
    }
}
