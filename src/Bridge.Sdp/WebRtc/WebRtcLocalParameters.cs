using System.Net;

namespace Bridge.Sdp.WebRtc;

/// <summary>
/// Our side of a WebRTC answer, supplied by the caller (the ICE agent and DTLS layer live in Bridge.WebRtc, which
/// this assembly does not reference): ICE credentials and host candidates (RFC 8839 §5.1, §5.4), the certificate
/// fingerprint (RFC 8122 §5), the media address and port, and the identifiers of the one audio track we send.
/// <see cref="ToString"/> never shows the ICE password.
/// </summary>
public sealed record WebRtcLocalParameters
{
    /// <summary>Our ICE username fragment.</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Our ICE password. Never log it.</summary>
    public required string IcePwd { get; init; }

    /// <summary>The fingerprint of our DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>The media address for <c>c=</c> and <c>o=</c>.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The port of the accepted m-line (our host candidate's port).</summary>
    public required int Port { get; init; }

    /// <summary><c>a=candidate</c> values without the <c>candidate:</c> prefix, e.g. <c>1 1 udp 2130706431 127.0.0.1 40000 typ host</c>.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>The SSRC of the audio we send.</summary>
    public required uint Ssrc { get; init; }

    /// <summary>Our RTCP CNAME (RFC 7022), written as <c>a=ssrc:&lt;ssrc&gt; cname:&lt;cname&gt;</c>.</summary>
    public required string Cname { get; init; }

    /// <summary>The msid stream id (RFC 8830 §2).</summary>
    public string StreamId { get; init; } = "bridge";

    /// <summary>The msid track id (RFC 8830 §2).</summary>
    public string TrackId { get; init; } = "bridge-audio";

    /// <summary>Accept the offer's video m-lines (camera, screen and forwarded slots); false answers audio only.</summary>
    public bool AcceptVideo { get; init; }

    /// <summary>Our SSRC for each video slot (recvonly m-line of the offer), in m-line order; slots beyond the list are rejected.</summary>
    public IReadOnlyList<uint> VideoSsrcs { get; init; } = [];

    /// <summary>The <c>o=</c> session id; null picks a random one (RFC 4566 §5.2, RFC 8829 §5.3.1).</summary>
    public ulong? SessionId { get; init; }

    /// <summary>A short description for logs, without the ICE password.</summary>
    public override string ToString() => $"local ufrag={IceUfrag} {Fingerprint.Algorithm} {Address}:{Port} ssrc={Ssrc} candidates={Candidates.Count}";
}
