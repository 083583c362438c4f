using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Bridge.Sdp;

/// <summary>Reads the parts of an audio m= line that both answering and applying an answer need.</summary>
internal static class AudioMediaReader
{
    /// <summary>
    /// The encoding of each format of the line, read once: its rtpmap, the other side's rtpmap for the same number
    /// (an answer may omit rtpmap lines for types taken from the offer), or the RFC 3551 static table.
    /// </summary>
    public static List<SdpRtpMap> ResolveFormats(MediaDescription media, MediaDescription? otherSide)
    {
        var maps = new List<SdpRtpMap>(media.Formats.Count);
        var declared = new Dictionary<int, SdpRtpMap>();
        AddDeclared(declared, otherSide);
        AddDeclared(declared, media);
        foreach (string format in media.Formats)
        {
            if (!SdpPayloadType.TryParse(format, out int payloadType))
            {
                continue;
            }

            SdpRtpMap? map = declared.GetValueOrDefault(payloadType)
                ?? (payloadType < SdpPayloadType.FirstDynamic ? SdpRtpMap.FromStaticPayloadType(payloadType) : null);
            if (map is not null)
            {
                maps.Add(map);
            }
        }

        return maps;
    }

    /// <summary>
    /// Picks the codec. With <paramref name="byPreference"/> our preference order decides (answerer, RFC 3264 §6.1 lets
    /// it choose); otherwise the first format of the line that we support (offerer reading an answer).
    /// </summary>
    public static bool TryPickCodec(
        List<SdpRtpMap> formats,
        IReadOnlyList<CodecSpec> preference,
        bool byPreference,
        [NotNullWhen(true)] out CodecSpec? codec,
        [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        codec = null;
        rtpMap = null;
        int outer = byPreference ? preference.Count : formats.Count;
        int inner = byPreference ? formats.Count : preference.Count;
        for (int i = 0; i < outer; i++)
        {
            for (int j = 0; j < inner; j++)
            {
                CodecSpec candidate = preference[byPreference ? i : j];
                SdpRtpMap map = formats[byPreference ? j : i];
                if (!candidate.IsTelephoneEvent && candidate.Matches(map))
                {
                    (codec, rtpMap) = (candidate, map);
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The telephone-event payload type whose clock matches the codec's (RFC 4733 §2.1), else the 8000 Hz one
    /// (many peers pair Opus with telephone-event/8000).
    /// </summary>
    public static (int? PayloadType, int ClockRate, string? Fmtp) PickTelephoneEvent(MediaDescription media, List<SdpRtpMap> formats, int codecClockRate)
    {
        SdpRtpMap? chosen = null;
        foreach (SdpRtpMap map in formats)
        {
            if (!string.Equals(map.EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (map.ClockRate == codecClockRate)
            {
                chosen = map;
                break;
            }

            if (map.ClockRate == 8000 && chosen is null)
            {
                chosen = map;
            }
        }

        return chosen is null ? (null, 0, null) : (chosen.PayloadType, chosen.ClockRate, media.GetFormatParameters(chosen.PayloadType));
    }

    /// <summary>
    /// Remote RTP and RTCP endpoints from the effective c= and a=rtcp (RFC 3605); an error text when the address is
    /// missing or not an IP literal. <paramref name="hold"/> is set for the RFC 2543 hold address (RFC 3264 §8.4).
    /// </summary>
    public static string? TryGetEndpoints(SessionDescription sdp, MediaDescription media, bool rtcpMux, out IPEndPoint? rtp, out IPEndPoint? rtcp, out bool hold)
    {
        rtp = null;
        rtcp = null;
        hold = false;
        SdpConnection? connection = sdp.GetEffectiveConnection(media);
        if (connection is null)
        {
            return "No connection address for audio";
        }

        if (!connection.TryGetIPAddress(out IPAddress? address))
        {
            return "Connection address is not an IP address";
        }

        hold = connection.IsHoldAddress;
        rtp = new IPEndPoint(address, media.Port);
        if (rtcpMux)
        {
            return null;
        }

        if (media.TryGetRtcp(out int rtcpPort, out SdpConnection? rtcpConnection))
        {
            IPAddress? rtcpAddress = null;
            rtcp = new IPEndPoint(rtcpConnection is not null && rtcpConnection.TryGetIPAddress(out rtcpAddress) ? rtcpAddress : address, rtcpPort);
        }
        else
        {
            rtcp = new IPEndPoint(address, media.Port == 65535 ? media.Port : media.Port + 1);
        }

        return null;
    }

    /// <summary>
    /// Packet time to send: the peer's a=ptime when it is a whole number of our 20 ms frames up to 120 ms (and not above
    /// its a=maxptime), else 20 ms. a=ptime is only a wish (RFC 4566 §6), so 20 ms is always acceptable.
    /// </summary>
    public static int SendPacketTime(MediaDescription media)
    {
        int? ptime = media.PacketTime;
        int? maxptime = media.MaxPacketTime;
        if (ptime is int value && value % 20 == 0 && value <= 120 && (maxptime is null || value <= maxptime))
        {
            return value;
        }

        return 20;
    }

    /// <summary>
    /// Whether we can use an offered key: a suite we allow, and no session parameter we do not implement
    /// (RFC 4568 §6.3: unknown or unsupported parameters make the line unacceptable). WSH is a hint and KDR=0 is the default.
    /// A key with an MKI (RFC 3711 §3.1, <c>|n:m</c> in the inline key) is not acceptable: our SRTP neither sends nor strips
    /// MKIs, so every packet would fail authentication (silent audio). Such lines are skipped like an unknown suite.
    /// </summary>
    public static bool IsAcceptable(SdesCrypto crypto, IReadOnlyList<string> suites)
    {
        if (crypto.MkiLength != 0)
        {
            return false;
        }

        bool allowed = false;
        foreach (string suite in suites)
        {
            if (string.Equals(suite, crypto.Suite, StringComparison.Ordinal))
            {
                allowed = true;
                break;
            }
        }

        if (!allowed)
        {
            return false;
        }

        foreach (string parameter in crypto.SessionParameters)
        {
            if (!parameter.StartsWith("WSH=", StringComparison.Ordinal) && !string.Equals(parameter, "KDR=0", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static void AddDeclared(Dictionary<int, SdpRtpMap> declared, MediaDescription? media)
    {
        if (media is null)
        {
            return;
        }

        foreach (SdpAttribute attribute in media.Attributes)
        {
            if (string.Equals(attribute.Name, "rtpmap", StringComparison.OrdinalIgnoreCase) && SdpRtpMap.TryParse(attribute.Value, out SdpRtpMap? map))
            {
                declared[map.PayloadType] = map;
            }
        }
    }
}
