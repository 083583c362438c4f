using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// DTLS-SRTP for a SIP call leg (RFC 5763, RFC 5764): the keys of the leg's SRTP come from a DTLS handshake on the call's
/// own port pair instead of from SDP. The RTP session's receive loop hands datagrams whose first byte is 20..63 (RFC 7983
/// §7) here; STUN is dropped (no ICE on a SIP call). With rtcp-mux one association keys SRTP and SRTCP; without it a second
/// one on the RTCP port keys SRTCP (RFC 5764 §4.1). Until keys are there nothing is sent and every received packet is
/// dropped (the gate). The RTP association failing or a certificate not matching the SDP fingerprint (either component)
/// ends the call through <see cref="Failed"/>; a RTCP association that only times out leaves the call up without RTCP. The
/// phone closing DTLS (close_notify, sent as it hangs up) is logged: its BYE, or the RTP timeout, ends the call. Runs on the receive loops without throwing; the handshakes run on the endpoints' own threads.
/// </summary>
internal sealed partial class SipDtlsTransport : IRtpProtector, IDisposable
{
    /// <summary>SIP phones start DTLS once they have our answer, after the 200 OK: allow for a slow one.</summary>
    private static readonly DtlsSrtpOptions Options = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(15),
        VerifyClientAddress = true,
        SrtpSuites = [Bridge.Rtp.Srtp.SrtpSuite.AesCm128HmacSha1Tag80, Bridge.Rtp.Srtp.SrtpSuite.AeadAes128Gcm],
    };

    private readonly string _callId;
    private readonly RtpSession _rtp;
    private readonly ILogger _logger;
    private readonly SipDtlsComponent _rtpComponent;
    private readonly SipDtlsComponent? _rtcpComponent;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _failed;
    private int _reportedStun;

    private SipDtlsTransport(string callId, RtpSession rtp, DtlsCertificate certificate, DtlsRole role, DtlsFingerprint remote, NegotiatedAudio audio, ILogger logger)
    {
        _callId = callId;
        _rtp = rtp;
        _logger = logger;
        Role = role;
        _rtpComponent = new SipDtlsComponent("RTP", certificate, role, remote, audio.RemoteRtp, rtp.SendDatagram, Options, () => LogBeforeKeys(callId), logger);
        if (!audio.RtcpMux)
        {
            var rtcpPeer = audio.RemoteRtcp ?? new IPEndPoint(audio.RemoteRtp.Address, audio.RemoteRtp.Port + 1);
            _rtcpComponent = new SipDtlsComponent("RTCP", certificate, role, remote, rtcpPeer, rtp.SendRtcpDatagram, Options, static () => { }, logger);
        }
    }

    /// <summary>Raised once with the reason when the call must end (handshake failed, fingerprint mismatch).</summary>
    public event Action<string>? Failed;

    /// <summary>The bridge's side of the handshake (server for <c>a=setup:passive</c> in our answer).</summary>
    public DtlsRole Role { get; }

    /// <summary>Completes with the RTP component's keys once SRTP can flow; never fails (failures go to <see cref="Failed"/>).</summary>
    public Task<DtlsSrtpKeys> Ready => _ready.Task;

    /// <summary>True once the RTP component has keys.</summary>
    public bool HasKeys => _rtpComponent.Gate.HasKeys;

    /// <summary>True once SRTCP has keys (the RTP component's with rtcp-mux, else the RTCP component's).</summary>
    public bool HasRtcpKeys => (_rtcpComponent ?? _rtpComponent).Gate.HasKeys;

    /// <summary>Packets dropped because they came before the keys, DTLS from a source other than the pinned peer, and STUN.</summary>
    public (long BeforeKeys, long ForeignDtls) Drops =>
        (_rtpComponent.Gate.DroppedBeforeKeys + (_rtcpComponent?.Gate.DroppedBeforeKeys ?? 0), _rtpComponent.ForeignDatagrams + (_rtcpComponent?.ForeignDatagrams ?? 0));

    /// <summary>
    /// Makes the transport for a negotiated DTLS-SRTP stream. False with a reason when none of the peer's fingerprints uses
    /// a hash the DTLS layer can check (SHA-256 or SHA-1).
    /// </summary>
    public static bool TryCreate(string callId, RtpSession rtp, NegotiatedAudio audio, DtlsCertificate certificate, ILogger logger,
        [NotNullWhen(true)] out SipDtlsTransport? transport, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(rtp);
        ArgumentNullException.ThrowIfNull(audio);
        transport = null;
        if (audio.Dtls is not { } offer)
        {
            reason = "not a DTLS-SRTP stream";
            return false;
        }

        if (!WebRtc.WebRtcLegFactory.TryRemoteFingerprint(offer.RemoteFingerprints, out var remote))
        {
            reason = "no a=fingerprint with a hash this bridge checks (sha-256, sha-1)";
            return false;
        }

        transport = new SipDtlsTransport(callId, rtp, certificate, offer.IsDtlsClient ? DtlsRole.Client : DtlsRole.Server, remote, audio, logger);
        reason = null;
        return true;
    }

    /// <summary>Takes over the session's protector and non-media datagrams and starts the handshakes (a client sends its ClientHello now).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _rtp.Protector = this;
        _rtp.NonMediaDatagramReceived = OnRtpPortDatagram;
        _rtp.NonMediaRtcpDatagramReceived = OnRtcpPortDatagram;
        _ = WatchAsync(_rtpComponent);
        _rtpComponent.Endpoint.Start();
        if (_rtcpComponent is { } rtcp)
        {
            _ = WatchAsync(rtcp);
            rtcp.Endpoint.Start();
        }
    }

    public int ProtectRtp(Span<byte> buffer, int length) => _rtpComponent.Gate.ProtectRtp(buffer, length);

    public bool TryUnprotectRtp(Span<byte> buffer, ref int length) => _rtpComponent.Gate.TryUnprotectRtp(buffer, ref length);

    public int ProtectRtcp(Span<byte> buffer, int length) => (_rtcpComponent ?? _rtpComponent).Gate.ProtectRtcp(buffer, length);

    public bool TryUnprotectRtcp(Span<byte> buffer, ref int length) => (_rtcpComponent ?? _rtpComponent).Gate.TryUnprotectRtcp(buffer, ref length);

    /// <summary>Only after the mixer acknowledged the leave and the RTP session is closed (docs/architecture.md §3).</summary>
    public void Dispose()
    {
        Volatile.Write(ref _failed, 1); // a handshake stopped by Dispose is no failure to report
        _rtpComponent.Dispose();
        _rtcpComponent?.Dispose();
        _ready.TrySetCanceled();
    }

    private void OnRtpPortDatagram(RtpSession session, ReadOnlySpan<byte> datagram, SocketAddress from) => OnDatagram(_rtpComponent, datagram, from);

    private void OnRtcpPortDatagram(RtpSession session, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (_rtcpComponent is { } rtcp)
        {
            OnDatagram(rtcp, datagram, from);
        }
    }

    private void OnDatagram(SipDtlsComponent component, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        try
        {
            if (!DtlsSrtpEndpoint.IsDtls(datagram))
            {
                // STUN (first byte 0..3): a SIP call does no ICE; dropped, reported once.
                if (Interlocked.Exchange(ref _reportedStun, 1) == 0)
                {
                    LogStunDropped(_callId);
                }

                return;
            }

            if (!component.Deliver(datagram, from, out var firstForeign) && firstForeign)
            {
                LogForeignDtls(_callId, component.Name);
            }
        }
#pragma warning disable CA1031 // bad network input must never end the receive loop (docs/architecture.md §4)
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogDatagramFailed(_callId, exception.Message);
        }
    }

    private async Task WatchAsync(SipDtlsComponent component)
    {
        DtlsSrtpKeys keys;
        try
        {
            keys = await component.Endpoint.Handshake.ConfigureAwait(false);
        }
        catch (DtlsHandshakeException exception)
        {
            var fatal = ReferenceEquals(component, _rtpComponent)
                || exception.Failure is DtlsFailure.FingerprintMismatch or DtlsFailure.NoPeerCertificate;
            if (exception.Failure == DtlsFailure.Stopped)
            {
                return;
            }

            if (fatal)
            {
                Fail($"DTLS {component.Name} handshake failed ({exception.Failure})");
            }
            else
            {
                LogRtcpWithoutKeys(_callId, exception.Failure);
            }

            return;
        }

        component.Gate.Install(keys.CreateSession());
        LogKeys(_callId, component.Name, keys.Suite.ToString(), Role);
        if (ReferenceEquals(component, _rtpComponent))
        {
            _ready.TrySetResult(keys);
        }

        await component.Endpoint.Closed.ConfigureAwait(false);
        if (Volatile.Read(ref _failed) == 0)
        {
            // A phone sends close_notify as it hangs up, next to its BYE: the BYE (or the RTP timeout) ends the call, not this.
            LogClosed(_callId, component.Name);
        }
    }

    private void Fail(string reason)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0)
        {
            return;
        }

        LogFailed(_callId, reason);
        _ready.TrySetCanceled();
        Failed?.Invoke(reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {CallId}: SRTP before the DTLS keys; dropped (the phone's first packets; further drops are counted)")]
    private partial void LogBeforeKeys(string callId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: DTLS-SRTP {Component} keys ready ({Suite}, bridge is DTLS {Role})")]
    private partial void LogKeys(string callId, string component, string suite, DtlsRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: the phone closed its {Component} DTLS association")]
    private partial void LogClosed(string callId, string component);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: DTLS-SRTP ended the call: {Reason}")]
    private partial void LogFailed(string callId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: the RTCP DTLS association gave no keys ({Failure}); the call goes on without RTCP")]
    private partial void LogRtcpWithoutKeys(string callId, DtlsFailure failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: {Component} DTLS from a source other than the phone's; dropped (further drops are counted, not logged)")]
    private partial void LogForeignDtls(string callId, string component);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: STUN on a DTLS-SRTP call without ICE; dropped (further drops are not logged)")]
    private partial void LogStunDropped(string callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: a DTLS datagram could not be handled: {Reason}")]
    private partial void LogDatagramFailed(string callId, string reason);
}
