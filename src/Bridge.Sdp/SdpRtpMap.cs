using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Sdp;

/// <summary>
/// An <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;]</c> attribute (RFC 4566 §6, RFC 3551 §6).
/// <see cref="Channels"/> is 1 when the parameter is omitted.
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels = 1)
{
    /// <summary>Parses the value after <c>a=rtpmap:</c>; false when malformed.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        ReadOnlySpan<char> text = value.AsSpan().Trim();
        int space = text.IndexOf(' ');
        if (space <= 0 || !SdpPayloadType.TryParse(text[..space], out int payloadType))
        {
            return false;
        }

        ReadOnlySpan<char> encoding = text[(space + 1)..].Trim();
        int slash = encoding.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> name = encoding[..slash];
        ReadOnlySpan<char> rest = encoding[(slash + 1)..];
        int channels = 1;
        int slash2 = rest.IndexOf('/');
        if (slash2 >= 0)
        {
            if (!int.TryParse(rest[(slash2 + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels is < 1 or > 255)
            {
                return false;
            }

            rest = rest[..slash2];
        }

        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate) || clockRate <= 0)
        {
            return false;
        }

        rtpMap = new SdpRtpMap(payloadType, name.ToString(), clockRate, channels);
        return true;
    }

    /// <summary>The static payload types of RFC 3551 §6 Table 4 that carry audio this bridge may meet.</summary>
    public static SdpRtpMap? FromStaticPayloadType(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000),
        3 => new SdpRtpMap(3, "GSM", 8000),
        4 => new SdpRtpMap(4, "G723", 8000),
        8 => new SdpRtpMap(8, "PCMA", 8000),
        9 => new SdpRtpMap(9, "G722", 8000),
        13 => new SdpRtpMap(13, "CN", 8000),
        18 => new SdpRtpMap(18, "G729", 8000),
        _ => null,
    };

    /// <summary>The attribute value (text after <c>a=rtpmap:</c>); channels are written only when not 1.</summary>
    public override string ToString() => Channels == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{Channels}");
}
