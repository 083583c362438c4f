using System.Globalization;

namespace Bridge.Sdp;

/// <summary>RTP payload type numbers (RFC 3550 §5.1: 7 bits; RFC 3551 §3: 96–127 are dynamic).</summary>
internal static class SdpPayloadType
{
    /// <summary>First dynamic payload type.</summary>
    public const int FirstDynamic = 96;

    /// <summary>Parses a format token as a payload type 0–127.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && payloadType is >= 0 and <= 127 && text.Length <= 3;
}
