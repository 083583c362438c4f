using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// Reads a browser's offer (RFC 8829 §5.8 as seen by the answerer) on top of <see cref="SessionDescription"/>:
/// per m-line kind, mid, proto, direction, payloads with rtpmap/fmtp/rtcp-fb, extmaps, ssrc/msid, ICE values,
/// fingerprints and setup; the BUNDLE groups. Tolerant: malformed optional lines are skipped; what a WebRTC
/// answer needs is checked by <see cref="WebRtcOffer.TryValidate"/>. Never throws for bad input.
/// </summary>
public static class WebRtcOfferReader
{
    /// <summary>Parses SDP text and reads and validates it; false with a reason when any step fails.</summary>
    public static bool TryRead(string? sdp, [NotNullWhen(true)] out WebRtcOffer? offer, [NotNullWhen(false)] out string? reason)
    {
        offer = null;
        if (!SessionDescription.TryParse(sdp, out SessionDescription? parsed, out string? error))
        {
            reason = "unparsable SDP: " + error;
            return false;
        }

        return TryRead(parsed, out offer, out reason);
    }

    /// <summary>Reads and validates a parsed offer; false with a reason when it cannot be answered by WebRTC rules.</summary>
    public static bool TryRead(SessionDescription sdp, [NotNullWhen(true)] out WebRtcOffer? offer, [NotNullWhen(false)] out string? reason)
    {
        WebRtcOffer read = Read(sdp);
        if (!read.TryValidate(out reason))
        {
            offer = null;
            return false;
        }

        offer = read;
        return true;
    }

    /// <summary>Reads a parsed offer without validating it.</summary>
    public static WebRtcOffer Read(SessionDescription sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var media = new List<WebRtcMediaOffer>(sdp.Media.Count);
        for (int i = 0; i < sdp.Media.Count; i++)
        {
            media.Add(ReadMedia(sdp, sdp.Media[i], i));
        }

        var groups = new List<IReadOnlyList<string>>();
        foreach (SdpAttribute attribute in sdp.Attributes)
        {
            if (string.Equals(attribute.Name, "group", StringComparison.OrdinalIgnoreCase) && attribute.Value is not null)
            {
                string[] parts = attribute.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0 && string.Equals(parts[0], "BUNDLE", StringComparison.OrdinalIgnoreCase))
                {
                    groups.Add(parts[1..]);
                }
            }
        }

        return new WebRtcOffer
        {
            Description = sdp,
            Media = media,
            BundleGroups = groups,
            IceLite = sdp.GetAttribute("ice-lite") is not null,
        };
    }

    private static WebRtcMediaOffer ReadMedia(SessionDescription sdp, MediaDescription m, int index)
    {
        bool fingerprintsOk = SdpFingerprint.TryGetEffective(sdp, m, out IReadOnlyList<SdpFingerprint> fingerprints, out string? fingerprintProblem);
        bool setupOk = SdpSetup.TryGetOffered(sdp, m, out SdpSetupRole setup, out string? setupProblem);
        string? iceOptions = m.GetAttribute("ice-options") ?? sdp.GetAttribute("ice-options");
        return new WebRtcMediaOffer
        {
            Index = index,
            Description = m,
            Mid = NullIfEmpty(m.GetAttribute("mid")),
            BundleOnly = m.GetAttribute("bundle-only") is not null,
            Direction = sdp.GetEffectiveDirection(m),
            Payloads = ReadPayloads(m),
            Extmaps = ReadExtmaps(m),
            Ssrcs = ReadSsrcs(m),
            Msid = NullIfEmpty(m.GetAttribute("msid")),
            IceUfrag = NullIfEmpty(m.GetAttribute("ice-ufrag") ?? sdp.GetAttribute("ice-ufrag")),
            IcePwd = NullIfEmpty(m.GetAttribute("ice-pwd") ?? sdp.GetAttribute("ice-pwd")),
            IceOptions = iceOptions is null ? [] : iceOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Candidates = m.GetAttributes("candidate").ToArray(),
            EndOfCandidates = m.GetAttribute("end-of-candidates") is not null || sdp.GetAttribute("end-of-candidates") is not null,
            Fingerprints = fingerprints,
            FingerprintProblem = fingerprintsOk ? null : fingerprintProblem,
            Setup = setupOk ? setup : null,
            SetupProblem = setupOk ? null : setupProblem,
            RtcpMux = m.RtcpMux,
            RtcpRsize = m.GetAttribute("rtcp-rsize") is not null,
        };
    }

    private static WebRtcPayload[] ReadPayloads(MediaDescription m)
    {
        var payloads = new List<WebRtcPayload>(m.Formats.Count);
        foreach (string format in m.Formats)
        {
            if (!TryParsePayloadType(format, out int pt) || payloads.Exists(p => p.PayloadType == pt))
            {
                continue;
            }

            m.TryGetRtpMap(pt, out SdpRtpMap? rtpMap);
            payloads.Add(new WebRtcPayload(pt, rtpMap, m.GetFormatParameters(pt), ReadFeedback(m, format)));
        }

        return payloads.ToArray();
    }

    private static string[] ReadFeedback(MediaDescription m, string format)
    {
        var feedback = new List<string>();
        foreach (string value in m.GetAttributes("rtcp-fb"))
        {
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            string target = value[..space];
            if (target == "*" || string.Equals(target, format, StringComparison.Ordinal))
            {
                feedback.Add(value[(space + 1)..].Trim());
            }
        }

        return feedback.ToArray();
    }

    private static SdpExtmap[] ReadExtmaps(MediaDescription m)
    {
        var extmaps = new List<SdpExtmap>();
        foreach (string value in m.GetAttributes("extmap"))
        {
            if (SdpExtmap.TryParse(value, out SdpExtmap? extmap))
            {
                extmaps.Add(extmap);
            }
        }

        return extmaps.ToArray();
    }

    private static WebRtcSsrc[] ReadSsrcs(MediaDescription m)
    {
        var order = new List<uint>();
        var cnames = new Dictionary<uint, string>();
        var msids = new Dictionary<uint, string>();
        foreach (string value in m.GetAttributes("ssrc"))
        {
            // a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 §4.1)
            int space = value.IndexOf(' ', StringComparison.Ordinal);
            ReadOnlySpan<char> idText = space < 0 ? value : value.AsSpan(0, space);
            if (!uint.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out uint ssrc))
            {
                continue;
            }

            if (!order.Contains(ssrc))
            {
                order.Add(ssrc);
            }

            if (space < 0)
            {
                continue;
            }

            string rest = value[(space + 1)..];
            if (rest.StartsWith("cname:", StringComparison.OrdinalIgnoreCase))
            {
                cnames.TryAdd(ssrc, rest[6..]);
            }
            else if (rest.StartsWith("msid:", StringComparison.OrdinalIgnoreCase))
            {
                msids.TryAdd(ssrc, rest[5..]);
            }
        }

        return order.Select(s => new WebRtcSsrc(s, cnames.GetValueOrDefault(s), msids.GetValueOrDefault(s))).ToArray();
    }

    internal static bool TryParsePayloadType(string format, out int payloadType) =>
        int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && format.Length <= 3 && payloadType is >= 0 and <= 127;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
