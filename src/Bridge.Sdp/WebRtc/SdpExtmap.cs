using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// An <c>a=extmap:&lt;id&gt;[/&lt;direction&gt;] &lt;URI&gt; [&lt;extension attributes&gt;]</c> attribute (RFC 8285 §8):
/// the local id of an RTP header extension. Ids 1–14 fit the one-byte header, 15–255 need two bytes (§4).
/// </summary>
public sealed record SdpExtmap(int Id, string Uri, MediaDirection? Direction = null, string? ExtensionAttributes = null)
{
    /// <summary>The client-to-mixer audio level extension (RFC 6464 §4).</summary>
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Parses the value after <c>a=extmap:</c>; false when malformed or the id is outside 1–255 (RFC 8285 §5, §8).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpExtmap? extmap)
    {
        extmap = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        string[] parts = value.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return false;
        }

        ReadOnlySpan<char> idText = parts[0];
        MediaDirection? direction = null;
        int slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            if (!MediaDirectionExtensions.TryParseAttributeName(idText[(slash + 1)..].ToString(), out MediaDirection parsed))
            {
                return false;
            }

            direction = parsed;
            idText = idText[..slash];
        }

        if (idText.Length > 3 || !int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id is < 1 or > 255)
        {
            return false;
        }

        extmap = new SdpExtmap(id, parts[1], direction, parts.Length > 2 ? parts[2] : null);
        return true;
    }

    /// <summary>The attribute value after <c>a=extmap:</c>.</summary>
    public override string ToString()
    {
        string id = Id.ToString(CultureInfo.InvariantCulture);
        if (Direction is MediaDirection d)
        {
            id += "/" + d.ToAttributeName();
        }

        return ExtensionAttributes is null ? id + " " + Uri : id + " " + Uri + " " + ExtensionAttributes;
    }
}
