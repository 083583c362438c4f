using Bridge.Calls.Legs;
using Bridge.Conferencing;
using Bridge.DialPlans;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sdp.WebRtc;
using Bridge.Sip.Dialogs;
using Bridge.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// DTLS-SRTP for SIP phones (RFC 5763, RFC 5764): the process's one DTLS certificate (ECDSA P-256, made at start by the
/// host or else on first use, and shared with the browser legs), its fingerprint for the SIP answers, and the hand-over of a DTLS call to the conference
/// only once its keys are there, so the IVR's first prompt is not spoken into a call that cannot hear it yet.
/// </summary>
public sealed partial class CallManager
{
    private readonly Lock _dtlsLock = new();
    private DtlsCertificate? _dtlsCertificate;
    private SdpFingerprint? _dtlsFingerprint;

    /// <summary>The process's DTLS certificate (browsers and SIP phones); made on first use.</summary>
    internal DtlsCertificate DtlsCertificate
    {
        get
        {
            lock (_dtlsLock)
            {
                return _dtlsCertificate ??= DtlsCertificate.Generate(_time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Makes the certificate and its SDP fingerprint now, if not yet made: the host calls it at start, off the call path, since
    /// every call's negotiation carries the fingerprint and making it is tens of milliseconds the first call would wait for.
    /// </summary>
    public void PrepareDtlsCertificate() => _ = DtlsSdpFingerprint;

    /// <summary>The certificate's SHA-256 fingerprint as SIP answers carry it (RFC 8122 §5).</summary>
    private SdpFingerprint DtlsSdpFingerprint
    {
        get
        {
            var certificate = DtlsCertificate;
            lock (_dtlsLock)
            {
                if (_dtlsFingerprint is null)
                {
                    if (!SdpFingerprint.TryParse(certificate.Fingerprint.ToString(), out var fingerprint, out var reason))
                    {
                        throw new InvalidOperationException("The DTLS certificate's fingerprint cannot be written to SDP: " + reason);
                    }

                    _dtlsFingerprint = fingerprint;
                }

                return _dtlsFingerprint;
            }
        }
    }

    /// <summary>The DTLS transport of a negotiated DTLS-SRTP stream; null (logged) when the peer's fingerprint cannot be checked.</summary>
    private SipDtlsTransport? CreateDtls(string callId, RtpSession rtp, NegotiatedAudio audio)
    {
        if (SipDtlsTransport.TryCreate(callId, rtp, audio, DtlsCertificate, _loggerFactory.CreateLogger<SipDtlsTransport>(), out var dtls, out var reason))
        {
            return dtls;
        }

        LogPolicyRefused(callId, reason);
        return null;
    }

    /// <summary>Hands a DTLS call to the conference once its keys are there; a failed handshake has already ended the call.</summary>
    private async Task HandOverWhenKeyedAsync(CallLeg leg, SipDtlsTransport dtls, InviteSession session, RouteDecision decision)
    {
        try
        {
            await dtls.Ready.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!leg.IsReleased)
        {
            HandOver(leg, session, decision);
        }
    }
}
