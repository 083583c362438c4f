using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Sdp;

/// <summary>
/// One media description: the <c>m=</c> line and the <c>i=</c>, <c>c=</c>, <c>b=</c>, <c>k=</c> and <c>a=</c> lines after it
/// (RFC 4566 §5.14). Typed views (rtpmap, fmtp, ptime, crypto, rtcp) read the generic attribute list, so unknown
/// attributes (ICE, DTLS fingerprint, rtcp-fb, ...) survive a parse/write round trip unchanged.
/// </summary>
public sealed class MediaDescription
{
    /// <summary>Media type: <c>audio</c>, <c>video</c>, <c>application</c>, ...</summary>
    public required string Media { get; set; }

    /// <summary>Transport port; 0 marks a rejected or disabled stream (RFC 3264 §6).</summary>
    public int Port { get; set; }

    /// <summary>Number of ports from <c>&lt;port&gt;/&lt;number of ports&gt;</c>, or null when not written.</summary>
    public int? PortCount { get; set; }

    /// <summary>Transport protocol, e.g. <c>RTP/AVP</c>, <c>RTP/SAVP</c>, <c>UDP/TLS/RTP/SAVPF</c> (see <see cref="SdpProtocol"/>).</summary>
    public required string Protocol { get; set; }

    /// <summary>Media formats: RTP payload type numbers for RTP profiles.</summary>
    public IList<string> Formats { get; init; } = new List<string>();

    /// <summary>Media title (<c>i=</c>).</summary>
    public string? Information { get; set; }

    /// <summary>Media-level connection data; overrides the session level when present.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>Bandwidth lines (<c>b=</c>).</summary>
    public IList<SdpBandwidth> Bandwidths { get; init; } = new List<SdpBandwidth>();

    /// <summary>Encryption key line (<c>k=</c>, obsolete in RFC 8866), kept as written.</summary>
    public string? Key { get; set; }

    /// <summary>Lines of types this library does not interpret, kept in order.</summary>
    public IList<SdpLine> OtherLines { get; init; } = new List<SdpLine>();

    /// <summary>Attributes (<c>a=</c>) in order.</summary>
    public IList<SdpAttribute> Attributes { get; init; } = new List<SdpAttribute>();

    /// <summary>Media-level direction attribute, or null when absent (then the session level applies). Setting replaces it.</summary>
    public MediaDirection? Direction
    {
        get => SdpAttributeList.GetDirection(Attributes);
        set => SdpAttributeList.SetDirection(Attributes, value);
    }

    /// <summary>True when <c>a=rtcp-mux</c> is present (RFC 5761 §5.1.1).</summary>
    public bool RtcpMux => SdpAttributeList.Has(Attributes, "rtcp-mux");

    /// <summary>The <c>a=ptime</c> value in milliseconds (RFC 4566 §6), or null when absent or malformed.</summary>
    public int? PacketTime => ParseMilliseconds(GetAttribute("ptime"));

    /// <summary>The <c>a=maxptime</c> value in milliseconds (RFC 4566 §6), or null when absent or malformed.</summary>
    public int? MaxPacketTime => ParseMilliseconds(GetAttribute("maxptime"));

    /// <summary>The value of the first attribute named <paramref name="name"/> (empty for a property attribute), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeList.GetValue(Attributes, name);

    /// <summary>All values of attributes named <paramref name="name"/>, e.g. every <c>candidate</c>.</summary>
    public IEnumerable<string> GetAttributes(string name)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return attribute.Value ?? string.Empty;
            }
        }
    }

    /// <summary>Appends an attribute.</summary>
    public void AddAttribute(string name, string? value = null) => Attributes.Add(new SdpAttribute(name, value));

    /// <summary>
    /// The encoding of payload type <paramref name="payloadType"/>: its <c>a=rtpmap</c>, or for a static payload type
    /// without one, the RFC 3551 table entry.
    /// </summary>
    public bool TryGetRtpMap(int payloadType, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, "rtpmap", StringComparison.OrdinalIgnoreCase)
                && SdpRtpMap.TryParse(attribute.Value, out SdpRtpMap? parsed)
                && parsed.PayloadType == payloadType)
            {
                rtpMap = parsed;
                return true;
            }
        }

        rtpMap = payloadType < SdpPayloadType.FirstDynamic ? SdpRtpMap.FromStaticPayloadType(payloadType) : null;
        return rtpMap is not null;
    }

    /// <summary>The format parameters of <c>a=fmtp:&lt;payloadType&gt; &lt;parameters&gt;</c> (RFC 4566 §6), or null.</summary>
    public string? GetFormatParameters(int payloadType)
    {
        foreach (SdpAttribute attribute in Attributes)
        {
            if (!string.Equals(attribute.Name, "fmtp", StringComparison.OrdinalIgnoreCase) || attribute.Value is null)
            {
                continue;
            }

            ReadOnlySpan<char> value = attribute.Value;
            int space = value.IndexOf(' ');
            ReadOnlySpan<char> format = space < 0 ? value : value[..space];
            if (SdpPayloadType.TryParse(format, out int pt) && pt == payloadType)
            {
                return space < 0 ? string.Empty : value[(space + 1)..].Trim().ToString();
            }
        }

        return null;
    }

    /// <summary>
    /// The RTCP port and optional address of <c>a=rtcp:&lt;port&gt; [IN IP4 &lt;address&gt;]</c> (RFC 3605 §2.1);
    /// false when absent or malformed.
    /// </summary>
    public bool TryGetRtcp(out int port, out SdpConnection? connection)
    {
        port = 0;
        connection = null;
        string? value = GetAttribute("rtcp");
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        if (parts.Length >= 4)
        {
            connection = new SdpConnection(parts[1], parts[2], parts[3]);
        }

        return true;
    }

    /// <summary>Every <c>a=crypto</c> line that parses with a suite this library knows (RFC 4568 §9.1), in offer order.</summary>
    public IReadOnlyList<SdesCrypto> GetCryptos()
    {
        List<SdesCrypto>? result = null;
        foreach (SdpAttribute attribute in Attributes)
        {
            if (string.Equals(attribute.Name, "crypto", StringComparison.OrdinalIgnoreCase)
                && SdesCrypto.TryParse(attribute.Value, out SdesCrypto? crypto, out _))
            {
                (result ??= []).Add(crypto);
            }
        }

        return result ?? (IReadOnlyList<SdesCrypto>)[];
    }

    /// <summary>True when any <c>a=crypto</c> attribute is present, parsable or not.</summary>
    public bool HasCryptoAttributes => SdpAttributeList.Has(Attributes, "crypto");

    private static int? ParseMilliseconds(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // Some peers write a fraction ("ptime:20.0"); keep the integer part.
        ReadOnlySpan<char> text = value.AsSpan().Trim();
        int dot = text.IndexOf('.');
        if (dot >= 0)
        {
            text = text[..dot];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms is > 0 and <= 10_000 ? ms : null;
    }
}
