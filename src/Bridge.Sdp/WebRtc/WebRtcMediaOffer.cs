namespace Bridge.Sdp.WebRtc;

/// <summary>
/// What a browser's offer says about one m-line (RFC 8829 §5.2.1), with session-level values already applied
/// where the media level is silent (ICE credentials and options, RFC 8839 §5.4/§5.6; fingerprint, RFC 8122 §5;
/// setup, RFC 4145 §4). <see cref="ToString"/> never shows the ICE password.
/// </summary>
public sealed class WebRtcMediaOffer
{
    /// <summary>Position of the m-line in the offer (answers keep the order, RFC 3264 §6).</summary>
    public required int Index { get; init; }

    /// <summary>The parsed m-line itself.</summary>
    public required MediaDescription Description { get; init; }

    /// <summary>Media type: <c>audio</c>, <c>video</c>, <c>application</c>.</summary>
    public string Kind => Description.Media;

    /// <summary>Transport protocol, <c>UDP/TLS/RTP/SAVPF</c> from a browser.</summary>
    public string Protocol => Description.Protocol;

    /// <summary>Port of the m-line; 0 for a stream the offerer disabled or a bundle-only one (RFC 8843 §6).</summary>
    public int Port => Description.Port;

    /// <summary><c>a=mid</c> (RFC 8843 §14), or null.</summary>
    public string? Mid { get; init; }

    /// <summary>True for <c>a=bundle-only</c> (RFC 8843 §6): port 0 yet offered.</summary>
    public bool BundleOnly { get; init; }

    /// <summary>Port 0 without bundle-only: the offerer itself disabled this m-line.</summary>
    public bool IsDisabledByOfferer => Port == 0 && !BundleOnly;

    /// <summary>The offered direction (media level, else session level, else sendrecv).</summary>
    public MediaDirection Direction { get; init; }

    /// <summary>The payload types in m-line order (empty for non-RTP m-lines such as the data channel).</summary>
    public IReadOnlyList<WebRtcPayload> Payloads { get; init; } = [];

    /// <summary>Every parsable <c>a=extmap</c> (RFC 8285 §8).</summary>
    public IReadOnlyList<SdpExtmap> Extmaps { get; init; } = [];

    /// <summary>Every source from <c>a=ssrc</c> lines (RFC 5576), in first-seen order.</summary>
    public IReadOnlyList<WebRtcSsrc> Ssrcs { get; init; } = [];

    /// <summary><c>a=msid</c> value <c>&lt;stream id&gt; &lt;track id&gt;</c> (RFC 8830 §2), or null.</summary>
    public string? Msid { get; init; }

    /// <summary>Remote ICE username fragment (RFC 8839 §5.4), or null.</summary>
    public string? IceUfrag { get; init; }

    /// <summary>Remote ICE password (RFC 8839 §5.4), or null. Never log it.</summary>
    public string? IcePwd { get; init; }

    /// <summary><c>a=ice-options</c> tokens such as <c>trickle</c> (RFC 8839 §5.6).</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary>Values of <c>a=candidate</c> (RFC 8839 §5.1), without the <c>candidate:</c> prefix.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary><c>a=end-of-candidates</c> present (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Parsed fingerprints (empty when missing or malformed, then <see cref="FingerprintProblem"/> says why).</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get; init; } = [];

    /// <summary>Why no fingerprint could be read, or null.</summary>
    public string? FingerprintProblem { get; init; }

    /// <summary>The offered setup role (absent means active, RFC 4145 §4), or null for an unknown value (see <see cref="SetupProblem"/>).</summary>
    public SdpSetupRole? Setup { get; init; }

    /// <summary>Why the setup value was not understood, or null.</summary>
    public string? SetupProblem { get; init; }

    /// <summary><c>a=rtcp-mux</c> (RFC 5761 §5.1.1).</summary>
    public bool RtcpMux { get; init; }

    /// <summary><c>a=rtcp-rsize</c> (RFC 5506 §5).</summary>
    public bool RtcpRsize { get; init; }

    /// <summary>The payload with the given number, or null.</summary>
    public WebRtcPayload? FindPayload(int payloadType)
    {
        foreach (WebRtcPayload payload in Payloads)
        {
            if (payload.PayloadType == payloadType)
            {
                return payload;
            }
        }

        return null;
    }

    /// <summary>The extmap with the given URI, or null.</summary>
    public SdpExtmap? FindExtmap(string uri)
    {
        foreach (SdpExtmap extmap in Extmaps)
        {
            if (string.Equals(extmap.Uri, uri, StringComparison.Ordinal))
            {
                return extmap;
            }
        }

        return null;
    }

    /// <summary>A short description for logs, without the ICE password.</summary>
    public override string ToString() =>
        $"m-line {Index} ({Kind}) mid={Mid ?? "-"} proto={Protocol} port={Port} {Direction.ToAttributeName()} payloads={Payloads.Count} fingerprints={Fingerprints.Count} setup={Setup?.ToAttributeValue() ?? "?"} rtcp-mux={RtcpMux}";
}
