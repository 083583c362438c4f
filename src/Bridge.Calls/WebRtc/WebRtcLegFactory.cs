using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using Bridge.Calls.WebRtc.Video;
using Bridge.Conferencing;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;
using Bridge.WebRtc.Ice;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// Makes browser legs from JSEP offers (RFC 8829 §5.3.1): allocates one media port from the RTP range, generates ICE
/// credentials, answers with <see cref="WebRtcAnswerBuilder"/> (Opus 48 kHz, useinbandfec=1, rtcp-mux, BUNDLE with the
/// audio m-line only; video and other m-lines rejected with port 0) and the process's one DTLS certificate (ECDSA P-256,
/// its SHA-256 fingerprint in the answer, RFC 8122 §5).
/// </summary>
internal sealed class WebRtcLegFactory
{
    private readonly RtpPortAllocator _ports;
    private readonly CallsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SdpFingerprint _localFingerprint;
    private readonly VideoRouter _videoRouter;

    /// <summary>Most forwarded videos one browser receives (its recvonly video m-lines answered; the page offers this many).</summary>
    public const int VideoSlots = 16;

    public WebRtcLegFactory(DtlsCertificate certificate, RtpPortAllocator ports, CallsOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        Certificate = certificate;
        _ports = ports;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _videoRouter = new VideoRouter(time);
        if (!SdpFingerprint.TryParse(certificate.Fingerprint.ToString(), out var fingerprint, out var reason))
        {
            throw new InvalidOperationException("The DTLS certificate's fingerprint cannot be written to SDP: " + reason);
        }

        _localFingerprint = fingerprint;
    }

    /// <summary>The process's DTLS certificate.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>
    /// Answers <paramref name="offerSdp"/> and creates the (not yet started) leg. False with a reason fit for the user when
    /// the offer is unreadable, has no common codec, or no media port is free.
    /// </summary>
    public bool TryCreate(
        CallerSource source,
        string displayName,
        string offerSdp,
        [NotNullWhen(true)] out WebRtcLeg? leg,
        [NotNullWhen(true)] out string? answerSdp,
        [NotNullWhen(false)] out string? failure)
    {
        leg = null;
        answerSdp = null;
        if (!WebRtcOfferReader.TryRead(offerSdp, out var offer, out var unreadable))
        {
            failure = "The browser's offer could not be read: " + unreadable;
            return false;
        }

        var rtpOptions = new RtpSessionOptions { RtcpMux = true, ClockRate = 48000, InactivityTimeout = _options.RtpTimeout };
        if (!RtpSession.TryCreate(_ports, _options.MediaAddress, rtpOptions, _time, out var rtp))
        {
            failure = "The bridge has no free media port.";
            return false;
        }

        IceLiteAgent? ice = null;
        try
        {
            var port = rtp.Ports.RtpPort;
            var videoSsrcs = VideoSsrcs(rtp.Ssrc);
            ice = new IceLiteAgent(IceCredentials.Generate(), [new IPEndPoint(_options.SdpAddress, port)], _time, _loggerFactory.CreateLogger<IceLiteAgent>());
            var local = new WebRtcLocalParameters
            {
                IceUfrag = ice.LocalCredentials.Ufrag,
                IcePwd = ice.LocalCredentials.Password,
                Fingerprint = _localFingerprint,
                Address = _options.SdpAddress,
                Port = port,
                Candidates = [.. ice.LocalCandidates.Select(c => c.ToSdpValue())],
                Ssrc = rtp.Ssrc,
                Cname = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                AcceptVideo = true,
                VideoSsrcs = videoSsrcs[1..],
            };
            var result = WebRtcAnswerBuilder.CreateAnswer(offer, local);
            if (!result.IsAccepted)
            {
                failure = result.Status == WebRtcAnswerStatus.NoCommonCodec
                    ? "Your browser offered no audio codec the bridge can use (Opus is needed)."
                    : "The browser's offer was refused: " + result.Reason;
                rtp.Dispose();
                ice.Dispose();
                return false;
            }

            if (!TryRemoteFingerprint(result.Negotiated.RemoteFingerprints, out var remote))
            {
                failure = "The browser's offer has no usable a=fingerprint.";
                rtp.Dispose();
                ice.Dispose();
                return false;
            }

            var id = "web-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            leg = new WebRtcLeg(id, source, displayName, rtp, ice, Certificate, remote, result.Negotiated, _time, _loggerFactory.CreateLogger<WebRtcLeg>());
            if (result.Negotiated.Video.Count > 0)
            {
                leg.AttachVideo(_videoRouter, result.Negotiated.Video, videoSsrcs[0]);
            }

            answerSdp = result.Answer.ToString();
            failure = null;
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            rtp.Dispose();
            ice?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Random, distinct SSRCs for the video (RFC 3550 §8.1), none the audio's: the first for our RTCP feedback, the rest for
    /// the slots (<see cref="VideoSlots"/>).
    /// </summary>
    private static uint[] VideoSsrcs(uint audio)
    {
        var ssrcs = new HashSet<uint> { audio, 0 };
        var result = new uint[VideoSlots + 1];
        for (var i = 0; i < result.Length;)
        {
            var candidate = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
            if (ssrcs.Add(candidate))
            {
                result[i++] = candidate;
            }
        }

        return result;
    }

    /// <summary>The offer's SHA-256 fingerprint, else its first one the DTLS layer knows (RFC 8122 §5).</summary>
    internal static bool TryRemoteFingerprint(IReadOnlyList<SdpFingerprint> offered, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        foreach (var candidate in offered.OrderByDescending(f => string.Equals(f.Algorithm, DtlsFingerprint.Sha256, StringComparison.OrdinalIgnoreCase)))
        {
            if (DtlsFingerprint.TryParse(candidate.ToAttributeValue(), out fingerprint) && fingerprint is not null)
            {
                return true;
            }
        }

        return false;
    }
}
