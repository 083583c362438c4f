using System.Globalization;

namespace Bridge.Sip.Dialogs;

/// <summary>A parsed <c>Session-Expires</c> value (RFC 4028 §4): delta-seconds and the optional
/// <c>refresher=uac|uas</c> parameter, which names a role in the transaction that carries the header.</summary>
internal readonly record struct SessionExpires(int Seconds, string? Refresher)
{
    /// <summary>RFC 4028 §4: the absolute minimum of Min-SE.</summary>
    public const int RfcMinimumSeconds = 90;

    /// <summary>Reads <c>1800;refresher=uac</c>; false for a missing or malformed value.</summary>
    public static bool TryParse(string? value, out SessionExpires result)
    {
        result = default;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(';');
        if (!TryParseSeconds(parts[0], out var seconds))
        {
            return false;
        }

        string? refresher = null;
        for (var i = 1; i < parts.Length; i++)
        {
            var parameter = parts[i].Trim();
            const string Name = "refresher=";
            if (parameter.StartsWith(Name, StringComparison.OrdinalIgnoreCase))
            {
                var role = parameter[Name.Length..].Trim().ToLowerInvariant();
                refresher = role is "uac" or "uas" ? role : null;
            }
        }

        result = new SessionExpires(seconds, refresher);
        return true;
    }

    /// <summary>Reads a <c>Min-SE</c> value (delta-seconds, parameters ignored).</summary>
    public static bool TryParseMinimum(string? value, out int seconds)
    {
        seconds = 0;
        return value is not null && TryParseSeconds(value.Split(';')[0], out seconds);
    }

    private static bool TryParseSeconds(string text, out int seconds) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds > 0;

    public override string ToString() =>
        Seconds.ToString(CultureInfo.InvariantCulture) + (Refresher is null ? string.Empty : ";refresher=" + Refresher);
}
