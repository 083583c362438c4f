namespace Bridge.Sip.Auth;

/// <summary>
/// The auth-params of one <c>Digest</c> credentials or challenge header value (RFC 7616 §3.3, §3.4; RFC 3261 §25.1
/// <c>digest-response</c>): comma-separated <c>name=token</c> or <c>name="quoted"</c> pairs after the scheme.
/// Names are compared ignoring case; a value appears once (a repeated name makes the whole value invalid).
/// </summary>
public sealed class DigestParameters
{
    private const int MaxValueLength = 1024;
    private readonly Dictionary<string, string> _values;

    private DigestParameters(Dictionary<string, string> values) => _values = values;

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses <c>Digest username="…", realm="…", …</c>; false for another scheme or a malformed list.</summary>
    public static bool TryParse(string? header, out DigestParameters parameters)
    {
        parameters = new DigestParameters(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        if (header is null)
        {
            return false;
        }

        var text = header.AsSpan().Trim();
        if (text.Length < 7 || !text[..6].Equals("Digest", StringComparison.OrdinalIgnoreCase) || !char.IsWhiteSpace(text[6]))
        {
            return false;
        }

        var i = 7;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == ','))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return parameters._values.Count > 0;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i]) && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].ToString();
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (name.Length == 0 || i >= text.Length || text[i] != '=')
            {
                return false;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                    if (builder.Length > MaxValueLength)
                    {
                        return false;
                    }
                }

                if (i >= text.Length)
                {
                    return false; // unterminated quoted string
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',' && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                value = text[valueStart..i].ToString();
                if (value.Length > MaxValueLength)
                {
                    return false;
                }
            }

            if (!parameters._values.TryAdd(name, value))
            {
                return false;
            }
        }
    }

    /// <summary>The algorithm named by <c>algorithm=</c>; MD5 when absent (RFC 7616 §3.3). False for one we do not support.</summary>
    public bool TryGetAlgorithm(out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        switch (this["algorithm"])
        {
            case null:
                return true;
            case var a when a.Equals("MD5", StringComparison.OrdinalIgnoreCase):
                return true;
            case var a when a.Equals("SHA-256", StringComparison.OrdinalIgnoreCase):
                algorithm = DigestAlgorithm.Sha256;
                return true;
            default:
                return false;
        }
    }
}
